import { CONTROL_SEGMENT } from "../http/paths.js";
import { checkIp } from "../engine/key-policy.js";
import { checkHost, checkOrigin } from "./origin.js";
import { fingerprintOf, type IdempotencyLookup, lookupIdempotency, recordIdempotency } from "../engine/idempotency.js";
import { settleAccount, settleAll } from "../engine/lifecycle.js";
import {
  ANONYMOUS_RATE_LIMIT,
  checkConcurrency,
  consumeRateLimit,
  peekRateLimit,
  type RateLimitState,
  rateLimitHeaders,
} from "../engine/rate-limit.js";
import { faultError } from "../engine/faults.js";
import type { StoredFault } from "../engine/records.js";
import type { SandboxState } from "../engine/state.js";
import { authenticate, checkScope, lookupKeyQuietly } from "../engine/auth.js";
import { ApiError, echo, errorBody } from "../http/errors.js";
import { checkBodyShape, checkDeclaredLength, JSON_CONTENT_TYPE, jsonResponse, parseJsonBody } from "../http/body.js";
import { type CoreRequest, type CoreResponse, DROPPED_CONNECTION } from "../http/message.js";
import type { RouteArea, RouteDef, RouteResult } from "../engine/route-context.js";
import { pathSegments } from "../http/router.js";
import { ROUTER } from "./routes.js";

// The contract as one handler. Public check order (SPEC §3): credentials → IP allow-list → scope →
// rate limit → idempotency → body → model exists → model access → input → credits; the last four
// live in the route handlers. Faults wrap the public pipeline; the control plane has its own.

// Only on answers of the public pipeline, which `areaOf` and `unmatched` keep to public routes:
// no spelling of a control-plane path gets it.
const PUBLIC_CORS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "ratelimit-limit, ratelimit-remaining, ratelimit-reset, retry-after, www-authenticate",
};


function errorResponse(error: ApiError): CoreResponse {
  return jsonResponse(error.status, errorBody(error), error.headers);
}

function toResponse(result: RouteResult): CoreResponse {
  if (result.raw) {
    return { status: result.status, headers: { "content-type": result.raw.contentType, ...result.headers }, body: result.raw.content };
  }
  if (result.body === undefined) return { status: result.status, headers: { ...result.headers }, body: null };
  return { status: result.status, headers: { "content-type": JSON_CONTENT_TYPE, ...result.headers }, body: JSON.stringify(result.body) };
}

/**
 * Which pipeline answers a path, read from the same decoded segments the router matches: every
 * spelling of `/_sandbox` (`/%5Fsandbox`, `/_sandbo%78`) is the control plane, with its Host and
 * Origin checks and no wildcard CORS. `//_sandbox/…` and `/_sandbox%2F…` match no route, yet a
 * proxy in front that merges slashes or decodes `%2F` would read them as the control plane: their
 * 404 goes through it too, so it carries no CORS either.
 */
export function areaOf(segments: readonly string[]): RouteArea {
  const first = segments.find((segment) => segment !== "") ?? "";
  if (first === CONTROL_SEGMENT || first.startsWith(`${CONTROL_SEGMENT}/`)) return "control";
  if (segments[0] === "media" && segments.length > 1) return "media";
  return "public";
}

function unmatched(method: string, url: URL, area: RouteArea): { route: RouteDef; params: Record<string, string> } {
  const match = ROUTER.matchSegments(method, pathSegments(url.pathname));
  // A route runs only in its own pipeline (a guard: areaOf already sent its path there).
  if (match.kind === "not_found" || (match.kind === "found" && match.value.area !== area)) {
    throw new ApiError(404, "not_found", `No such endpoint: ${method} ${echo(url.pathname)}.`);
  }
  if (match.kind === "method_not_allowed") {
    const allow = match.allow.join(", ");
    throw new ApiError(405, "invalid_request", `${method} is not allowed on ${echo(url.pathname)}; use ${allow}.`, { allow });
  }
  return { route: match.value, params: match.params };
}

/** Answers one request against `state`. A `network_error` fault answers `DROPPED_CONNECTION`. */
export async function handleRequest(state: SandboxState, request: CoreRequest, clientIp: string): Promise<CoreResponse> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const area = areaOf(pathSegments(url.pathname));
  if (area === "control") return handleControl(state, request, url, method, clientIp);
  if (area === "media") return handleMedia(state, request, url, method, clientIp);
  return handlePublic(state, request, url, method, clientIp);
}

async function handlePublic(state: SandboxState, request: CoreRequest, url: URL, method: string, clientIp: string): Promise<CoreResponse> {
  let rate: RateLimitState = ANONYMOUS_RATE_LIMIT;
  const finalize = (response: CoreResponse): CoreResponse => {
    if (response.status !== 0) Object.assign(response.headers, PUBLIC_CORS, rateLimitHeaders(rate));
    return response;
  };
  if (method === "OPTIONS") {
    return finalize({
      status: 204,
      headers: {
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "authorization, x-api-key, content-type, idempotency-key",
        "access-control-max-age": "600",
      },
      body: null,
    });
  }
  let fault: StoredFault | null = null;
  let reservation: Extract<IdempotencyLookup, { kind: "reserved" }> | null = null;
  let held = false;
  const hold = async () => {
    if (held || !fault?.delay_ms) return;
    held = true;
    // On the clock's timers: real time, or fake time when the sandbox follows Date.now.
    const ms = fault.delay_ms;
    await new Promise<void>((resolve) => state.clock.schedule(resolve, ms, true));
  };
  const faultAnswer = (): CoreResponse | null => {
    if (!fault) return null;
    if (fault.network_error) return DROPPED_CONNECTION;
    // An injected 429 reads as a used-up window.
    if (fault.status === 429) rate = { ...rate, remaining: 0 };
    const error = faultError(fault);
    return error ? errorResponse(error) : null;
  };
  try {
    const { route, params } = unmatched(method, url, "public");
    const named = lookupKeyQuietly(state, request);
    fault = state.store.takeFault(method, url.pathname, named?.account_id ?? null);
    if (fault && fault.phase === "before" && !fault.delay_ms) {
      const early = faultAnswer();
      if (early) return finalize(early);
    }
    const auth = authenticate(state, request, (accountId) => state.clock.now(accountId));
    const accountId = auth.account.account_id;
    settleAccount(state, accountId);
    const now = state.clock.now(accountId);
    rate = peekRateLimit(state, auth.key, now);
    checkIp(auth.key, clientIp);
    if (route.scope !== undefined) checkScope(auth.key, route.scope);
    rate = consumeRateLimit(state, auth.key, now);
    if (route.submit) checkConcurrency(state, auth.key, now, rate);

    const hasBody = method === "POST";
    if (hasBody) checkDeclaredLength(request);
    const bodyText = hasBody ? await request.readBody() : "";
    // Like the 1 MiB limit, depth and width are refused before any work on the body: the
    // idempotency fingerprint below parses and canonicalises it.
    checkBodyShape(bodyText);
    const idempotencyKey = route.submit ? request.headers.get("idempotency-key") : null;
    if (idempotencyKey !== null) {
      const lookup = lookupIdempotency(state, auth.key.id, idempotencyKey, fingerprintOf(url.pathname, bodyText), now);
      if (lookup.kind === "replay") {
        await hold();
        const replay: CoreResponse = { status: lookup.record.status, headers: { "content-type": JSON_CONTENT_TYPE }, body: lookup.record.body };
        return finalize((fault?.phase === "after" && faultAnswer()) || replay);
      }
      reservation = lookup;
    }
    await hold();
    if (fault && fault.phase === "before") {
      const late = faultAnswer();
      if (late) return finalize(late);
    }
    const body = hasBody ? parseJsonBody(bodyText, request.headers.get("content-type")) : undefined;
    const result = await route.handler({ state, request, params, query: url.searchParams, body, auth, now, base: url.origin, clientIp });
    const response = toResponse(result);
    if (reservation && result.status >= 200 && result.status < 300 && typeof response.body === "string") {
      recordIdempotency(state, reservation, now, { status: result.status, body: response.body });
    }
    state.store.updateKey(auth.key, { last_used_at: now });
    return finalize((fault?.phase === "after" && faultAnswer()) || response);
  } catch (caught) {
    await hold().catch(() => undefined);
    // A fault still answers when the request failed on its own (a held `before`, or any `after`).
    const replaced = faultAnswer();
    if (replaced) return finalize(replaced);
    return finalize(errorResponse(asApiError(caught)));
  } finally {
    if (reservation) state.inFlight.delete(reservation.scope);
  }
}

function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(500, "internal_error", "The sandbox hit an internal error.");
}

async function handleMedia(state: SandboxState, request: CoreRequest, url: URL, method: string, clientIp: string): Promise<CoreResponse> {
  const cors = { "access-control-allow-origin": "*" };
  try {
    const { route, params } = unmatched(method === "HEAD" ? "GET" : method, url, "media");
    const result = await route.handler({ state, request, params, query: url.searchParams, body: undefined, auth: null, now: state.clock.now(), base: url.origin, clientIp });
    const response = toResponse(result);
    Object.assign(response.headers, cors);
    if (method === "HEAD") response.body = null;
    return response;
  } catch (caught) {
    const response = errorResponse(asApiError(caught));
    Object.assign(response.headers, cors);
    return response;
  }
}

async function handleControl(state: SandboxState, request: CoreRequest, url: URL, method: string, clientIp: string): Promise<CoreResponse> {
  try {
    // An unknown path is a 404 whatever the Origin; a preflight of a known one is refused like a write.
    const known = ROUTER.matchSegments(method, pathSegments(url.pathname));
    if (method === "OPTIONS" && known.kind === "method_not_allowed") {
      checkHost(url, request.serverOrigin);
      checkOrigin(method, request.headers.get("origin"), url, request.serverOrigin);
      return { status: 204, headers: { allow: known.allow.join(", ") }, body: null };
    }
    const { route, params } = unmatched(method, url, "control");
    // Behind a server, a foreign Host (a DNS-rebinding page) can neither drive nor read it.
    checkHost(url, request.serverOrigin);
    checkOrigin(method, request.headers.get("origin"), url, request.serverOrigin);
    settleAll(state);
    const hasBody = route.readsBody === true;
    if (hasBody) checkDeclaredLength(request);
    const body = hasBody ? parseJsonBody(await request.readBody(), request.headers.get("content-type")) : undefined;
    const result = await route.handler({ state, request, params, query: url.searchParams, body, auth: null, now: state.clock.now(), base: url.origin, clientIp });
    return toResponse(result);
  } catch (caught) {
    return errorResponse(asApiError(caught));
  }
}
