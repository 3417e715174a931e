/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform delay in
 * [0, min(8 s, 0.5 s × 2^attempt)), so that clients retrying together spread out.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(8_000, 500 * 2 ** attempt));
}

/**
 * The delay the server asks for, in ms: `retry-after-ms`, else `Retry-After` as seconds or an
 * HTTP date. NaN when absent or unparsable.
 */
export function requestedDelay(headers: Headers, now: number = Date.now()): number {
  // Number() trims; an empty or blank value is no value.
  const ms = headers.get("retry-after-ms")?.trim();
  const after = headers.get("retry-after")?.trim();
  return ms ? +ms : after ? (+after >= 0 ? +after * 1000 : Date.parse(after) - now) : NaN;
}

/** The delay to honour before a retry: `requestedDelay` when within [0, 60 s], else undefined (our backoff applies). */
export function retryAfterMs(headers: Headers, now?: number): number | undefined {
  const delay = requestedDelay(headers, now);
  return delay >= 0 && delay <= 60_000 ? Math.ceil(delay) : undefined;
}
