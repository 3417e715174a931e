/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform delay in
 * [0, min(8 s, 0.5 s × 2^attempt)), so that clients retrying together spread out.
 */
export function backoffDelay(attempt: number): number {
  return Math.floor(Math.random() * Math.min(8_000, 500 * 2 ** attempt));
}

/**
 * The delay the server asks for, in ms, as it asks: `retry-after-ms`, else `Retry-After` as
 * seconds or an HTTP date. Undefined when absent, unparsable, negative (a past date too) or
 * infinite. What `RateLimitError.retryAfter` reports; `retryAfterMs` is the part the SDK honours.
 */
export function requestedDelayMs(headers: Headers): number | undefined {
  // Header values come trimmed; an empty one is no value. A negative number is garbage, never a date.
  const ms = headers.get("retry-after-ms");
  const after = headers.get("retry-after") ?? "";
  const delay = ms
    ? +ms
    : after && !Number.isNaN(Number(after))
      ? Number(after) * 1000
      : Date.parse(after) - Date.now();
  return delay >= 0 && Number.isFinite(delay) ? delay : undefined;
}

/**
 * The delay the SDK waits before a retry, in ms: the server's, when it is within [0, 60 s].
 * Undefined otherwise (the backoff applies): a hostile or broken server cannot park a client
 * (`1e9`) nor make it spin (`-5`).
 */
export function retryAfterMs(headers: Headers): number | undefined {
  const delay = requestedDelayMs(headers);
  return delay !== undefined && delay <= 60_000 ? Math.ceil(delay) : undefined;
}
