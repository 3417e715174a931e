const BASE_MS = 500;
const CAP_MS = 8_000;
/** A server-sent delay longer than this is ignored in favour of our own backoff. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform delay in
 * [0, min(cap, base * 2^attempt)), so that clients retrying together spread out.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(CAP_MS, BASE_MS * 2 ** attempt));
}

/**
 * The delay the server asks for, in ms: `retry-after-ms`, then `Retry-After` as seconds or an
 * HTTP date. Undefined when absent, unparsable, negative or over 60 s.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const candidates: Array<number | undefined> = [];
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") candidates.push(Number(ms));
  const after = headers.get("retry-after");
  if (after !== null && after.trim() !== "") {
    const seconds = Number(after);
    candidates.push(Number.isNaN(seconds) ? Date.parse(after) - now : seconds * 1000);
  }
  for (const value of candidates) {
    if (value !== undefined && Number.isFinite(value) && value >= 0 && value <= MAX_RETRY_AFTER_MS) {
      return Math.ceil(value);
    }
  }
  return undefined;
}

/** The `Retry-After` header in seconds (for `RateLimitError.retryAfter`), or null. */
export function retryAfterSeconds(headers: Headers, now: number = Date.now()): number | null {
  const after = headers.get("retry-after");
  if (after !== null && after.trim() !== "") {
    const seconds = Number(after);
    if (!Number.isNaN(seconds)) return seconds;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
  return Number.isFinite(ms) ? ms / 1000 : null;
}
