/** The `RateLimit-*` headers of a response: the key's requests-per-minute window. */
export interface RateLimit {
  /** Requests allowed per window (`RateLimit-Limit`). */
  limit: number;
  /** Requests left in the current window (`RateLimit-Remaining`). */
  remaining: number;
  /** Seconds until the window resets (`RateLimit-Reset`). */
  reset: number;
}

/** `RateLimit-Limit`, `-Remaining` and `-Reset` as numbers; null unless all three are there and numeric. */
export function parseRateLimit(headers: Headers): RateLimit | null {
  // `|| NaN`: an absent or empty header is no value (Number("") would be 0).
  const [limit, remaining, reset] = ["limit", "remaining", "reset"].map(
    (name) => +(headers.get(`ratelimit-${name}`) || NaN),
  ) as [number, number, number];
  return limit + remaining + reset >= 0 ? { limit, remaining, reset } : null;
}
