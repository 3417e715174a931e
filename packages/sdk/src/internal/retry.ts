import { APIConnectionError } from "../errors.js";
import { backoffDelay } from "./backoff.js";

/**
 * Whether an error response may be retried (SPEC §4): 408, 409 `request_in_progress` (the same
 * submit is still being processed), 429 and ≥ 500. Never another 4xx: it would fail the same way.
 */
export function isRetryableStatus(status: number, code: string | null): boolean {
  return status === 408 || status === 429 || status >= 500 || (status === 409 && code === "request_in_progress");
}

/**
 * Whether an attempt that got no answer may be retried: a connection error that carries the
 * transport's failure as its cause. One without (a redirect refused, a body over the cap) would
 * end the same way; anything else (a bug in middleware, say) is no transport failure.
 */
export function isRetryableFailure(failure: unknown): failure is APIConnectionError {
  return failure instanceof APIConnectionError && Boolean(failure.cause);
}

/**
 * The retry decision after failed attempt number `attempt` (0 for the first): the ms to wait
 * before the next one, or undefined to give up. The wait is what the server asked
 * (`requested`, already clamped by `retryAfterMs`), else the backoff. A retry that could only
 * start after the call's `deadline` would end in a timeout: the caller reports the failure instead.
 */
export function retryDelay(
  attempt: number,
  maxRetries: number,
  deadline: number,
  requested: number | undefined,
): number | undefined {
  const delay = requested ?? backoffDelay(attempt);
  return attempt < maxRetries && Date.now() + delay < deadline ? delay : undefined;
}
