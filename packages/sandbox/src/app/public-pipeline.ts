import { checkIp } from "../engine/key-policy.js";
import { fingerprintOf, type IdempotencyLookup, lookupIdempotency, recordIdempotency } from "../engine/idempotency.js";
import { settleAccount } from "../engine/lifecycle.js";
import {
  ANONYMOUS_RATE_LIMIT,
  checkConcurrency,
  consumeRateLimit,
  peekRateLimit,
  type RateLimitState,
  rateLimitHeaders,
} from "../engine/rate-limit.js";
import { faultError } from "../engine/faults.js";
import type { StoredFault, StoredKey } from "../engine/records.js";
import type { SandboxState } from "../engine/state.js";
import { authenticate, checkScope, readCredential } from "../engine/auth.js";
import { checkBodyShape, checkDeclaredLength, JSON_CONTENT_TYPE, parseJsonBody } from "../http/body.js";
import { type CoreRequest, type CoreResponse, DROPPED_CONNECTION } from "../http/message.js";
import type { RouteResult } from "../engine/route-context.js";
import { elapsedMs, startStopwatch } from "../engine/request-log.js";
import { logCall, type NamedCall, replayDetails } from "./log-call.js";
import { asApiError, errorResponse, toResponse } from "./responses.js";
import { unmatched } from "./unmatched.js";

// Public check order (SPEC §3): credentials → IP allow-list → scope → rate limit → idempotency →
// body → model exists → model access → input → credits; the last four live in the route handlers.
// Faults wrap this pipeline; the control plane has its own.

// Only on answers of the public pipeline, which `areaOf` and `unmatched` keep to public routes:
// no spelling of a control-plane path gets it.
const PUBLIC_CORS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers":
    "ratelimit-limit, ratelimit-remaining, ratelimit-reset, retry-after, www-authenticate",
};

/**
 * Answers a public API request: CORS and rate-limit headers on every answer, injected faults
 * around it. A `network_error` fault answers `DROPPED_CONNECTION`. Every answer to a call whose
 * key names an account (revoked, disabled or expired included) is logged in that account, here
 * and nowhere else, once its status is known (SPEC v3 §5.4).
 */
export async function handlePublic(
  state: SandboxState,
  request: CoreRequest,
  url: URL,
  method: string,
  clientIp: string,
  segments: readonly string[],
): Promise<CoreResponse> {
  // The key's window as the answer's RateLimit-* headers show it: set when the request counts
  // (one check-and-count step); an answer refused after authentication and before it counted (a
  // 403 of the IP allow-list or a scope, the 429 itself) shows the window uncounted, read then.
  let rate: RateLimitState = ANONYMOUS_RATE_LIMIT;
  let uncounted: { key: StoredKey; now: number } | null = null;
  const refusedBeforeCount = () => {
    if (uncounted) rate = peekRateLimit(state, uncounted.key, uncounted.now);
    uncounted = null;
  };
  const started = startStopwatch();
  let named: NamedCall | null = null;
  let logDetails: RouteResult["log"];
  const finalize = (response: CoreResponse): CoreResponse => {
    if (response.status !== 0) Object.assign(response.headers, PUBLIC_CORS, rateLimitHeaders(rate));
    if (named) logCall(state, named, response, elapsedMs(started), logDetails);
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
    // Before the route: a 404 or 405 to a known key is logged too. Read (and hashed) once, for
    // the fault's account and the authentication below.
    const credential = readCredential(state, request);
    const namedKey = credential.key;
    if (namedKey) named = { key: namedKey, request, method, url, time: state.clock.now(namedKey.account_id) };
    const { route, params } = unmatched(method, url, "public", segments);
    fault = state.store.takeFault(method, url.pathname, namedKey?.account_id ?? null);
    if (fault && fault.phase === "before" && !fault.delay_ms) {
      const early = faultAnswer();
      if (early) return finalize(early);
    }
    const auth = authenticate(state, credential, (accountId) => state.clock.now(accountId));
    const accountId = auth.account.account_id;
    settleAccount(state, accountId);
    const now = state.clock.now(accountId);
    uncounted = { key: auth.key, now };
    checkIp(auth.key, clientIp);
    if (route.scope !== undefined) checkScope(auth.key, route.scope);
    rate = consumeRateLimit(state, auth.key, now);
    uncounted = null;
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
        logDetails = replayDetails(state, lookup.record.body);
        if (fault?.delay_ms) await hold();
        const replay: CoreResponse = {
          status: lookup.record.status,
          headers: { "content-type": JSON_CONTENT_TYPE },
          body: lookup.record.body,
        };
        return finalize((fault?.phase === "after" && faultAnswer()) || replay);
      }
      reservation = lookup;
    }
    if (fault?.delay_ms) await hold();
    if (fault && fault.phase === "before") {
      const late = faultAnswer();
      if (late) return finalize(late);
    }
    const body = hasBody
      ? parseJsonBody(bodyText, request.headers.get("content-type"), { shapeChecked: true })
      : undefined;
    const answered = route.handler({
      state,
      request,
      params,
      query: url.searchParams,
      body,
      auth,
      now,
      base: url.origin,
      clientIp,
    });
    // Most handlers answer synchronously: awaited only when they return a promise.
    const result = answered instanceof Promise ? await answered : answered;
    logDetails = result.log;
    const response = toResponse(result);
    if (reservation && result.status >= 200 && result.status < 300 && typeof response.body === "string") {
      recordIdempotency(state, reservation, now, { status: result.status, body: response.body });
    }
    state.store.updateKey(auth.key, { last_used_at: now });
    return finalize((fault?.phase === "after" && faultAnswer()) || response);
  } catch (caught) {
    // Read before the hold below: the window as it was when the request was refused.
    refusedBeforeCount();
    if (fault?.delay_ms) await hold().catch(() => undefined);
    // A fault still answers when the request failed on its own (a held `before`, or any `after`).
    const replaced = faultAnswer();
    if (replaced) return finalize(replaced);
    return finalize(errorResponse(asApiError(caught)));
  } finally {
    if (reservation) state.inFlight.delete(reservation.scope);
  }
}
