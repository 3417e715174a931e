import { authenticate, checkIp, checkKindAndScope } from "./auth.js";
import { ApiError, echo, errorBody } from "./errors.js";
import { faultError, type FaultRecord, takeFault } from "./faults.js";
import { settle } from "./generation-pipeline.js";
import { type CoreRequest, type CoreResponse, DROPPED_CONNECTION } from "./core-message.js";
import { checkDeclaredLength, JSON_CONTENT_TYPE, jsonResponse, parseJsonBody } from "./http.js";
import { fingerprintOf, lookupIdempotency, recordIdempotency, replayBody } from "./idempotency.js";
import { deriveBase62 } from "./prng.js";
import type { RouteResult } from "./route.js";
import { ROUTER } from "./routes.js";
import type { SandboxState } from "./state.js";

// The contract as one Fetch handler. Check order (SPEC §3): credentials → IP → kind and scope →
// idempotency → body → resource → model allowed → input → credits; the last four live in the
// route handlers. Faults wrap the whole pipeline.

const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "x-request-id, idempotent-replayed, retry-after, www-authenticate",
};

function errorResponse(error: ApiError, requestId: string): CoreResponse {
  return jsonResponse(error.status, errorBody(error, requestId), error.extra.headers ?? {});
}

/** What a fault answers: a dropped connection, or its error envelope. */
function faultResponse(fault: FaultRecord, requestId: string): CoreResponse | null {
  if (fault.network_error) return DROPPED_CONNECTION;
  const error = faultError(fault);
  return error ? errorResponse(error, requestId) : null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Answers one request against `state`. A `network_error` fault answers `DROPPED_CONNECTION`. */
export async function handleRequest(state: SandboxState, request: CoreRequest, clientIp: string): Promise<CoreResponse> {
  const requestId = `req_${deriveBase62(state.seed, "req", state.requestCounter++, 24)}`;
  // Every response object here is built for this request, so its headers are set in place.
  const finalize = (response: CoreResponse): CoreResponse => {
    if (response.status !== 0) {
      Object.assign(response.headers, CORS_HEADERS);
      response.headers["x-request-id"] = requestId;
    }
    return response;
  };
  let fault: FaultRecord | null = null;
  let held = false;
  const hold = async () => {
    if (held || !fault?.delay_ms) return;
    held = true;
    await sleep(fault.delay_ms);
  };

  try {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    if (method === "OPTIONS") {
      return finalize({
        status: 204,
        headers: {
          "access-control-allow-methods": "GET, POST, PATCH, DELETE",
          "access-control-allow-headers": "authorization, x-api-key, content-type, idempotency-key",
          "access-control-max-age": "600",
        },
        body: null,
      });
    }
    const now = state.clock.now();
    settle(state, now);
    if (!url.pathname.startsWith("/_sandbox/")) fault = takeFault(state.faults, method, url.pathname);
    if (fault && fault.phase === "before" && !fault.delay_ms) {
      const early = faultResponse(fault, requestId);
      if (early) return finalize(early);
    }

    const match = ROUTER.match(method, url.pathname);
    if (match.kind === "not_found") throw new ApiError(404, "not_found", `No such endpoint: ${method} ${echo(url.pathname)}.`);
    if (match.kind === "method_not_allowed") {
      throw new ApiError(405, "method_not_allowed", `${method} is not allowed on ${echo(url.pathname)}; use ${match.allow.join(", ")}.`, {
        headers: { allow: match.allow.join(", ") },
      });
    }
    const route = match.value;
    const auth = route.auth === "none" ? null : authenticate(state, request, now);
    if (auth) {
      checkIp(auth, clientIp);
      checkKindAndScope(auth, route.auth, route.scope);
    }
    checkDeclaredLength(request);
    const bodyText = method === "GET" || method === "HEAD" || method === "DELETE" ? "" : await request.readBody();

    const idempotencyKey = request.headers.get("idempotency-key");
    const lookup =
      method === "POST" && idempotencyKey !== null && auth
        ? lookupIdempotency(state, auth.key.id, idempotencyKey, fingerprintOf(method, url.pathname, bodyText), now)
        : null;
    if (lookup?.kind === "replay") {
      await hold();
      const replay: CoreResponse = {
        status: lookup.record.status,
        headers: { ...lookup.record.headers, "idempotent-replayed": "true" },
        body: replayBody(state, lookup.record),
      };
      return finalize((fault?.phase === "after" && faultResponse(fault, requestId)) || replay);
    }
    const reservation = lookup?.kind === "reserved" ? lookup : null;

    let result: RouteResult;
    let text: string;
    try {
      await hold();
      if (fault && fault.phase === "before") {
        const late = faultResponse(fault, requestId);
        if (late) return finalize(late);
      }
      const body = parseJsonBody(bodyText, request.headers.get("content-type"));
      result = await route.handler({ state, request, params: match.params, query: url.searchParams, body, auth, now });
      text = JSON.stringify(result.body);
      if (reservation && result.status < 400) {
        recordIdempotency(state, reservation, now, { status: result.status, body: text, ...(result.secret ? { secret: result.secret } : {}) });
      }
    } finally {
      if (reservation) state.inFlight.delete(reservation.scope);
    }
    if (auth && result.status < 400) {
      // Only successful requests count as use, so a rejected request leaves the store untouched.
      auth.key.last_used_at = now;
      state.store.touch();
    }
    const response: CoreResponse = { status: result.status, headers: { "content-type": JSON_CONTENT_TYPE }, body: text };
    return finalize((fault?.phase === "after" && faultResponse(fault, requestId)) || response);
  } catch (caught) {
    await hold().catch(() => undefined);
    // A fault still answers when the request failed on its own (a held `before`, or any `after`).
    const replaced = fault ? faultResponse(fault, requestId) : null;
    if (replaced) return finalize(replaced);
    const error =
      caught instanceof ApiError ? caught : new ApiError(500, "internal_error", "The sandbox hit an internal error.");
    return finalize(errorResponse(error, requestId));
  }
}
