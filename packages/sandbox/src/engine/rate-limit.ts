import { ApiError } from "../http/errors.js";
import { activeRequestsOf } from "./lifecycle.js";
import type { StoredKey } from "./records.js";
import type { SandboxState } from "./state.js";

// Per-key limits (SPEC §2 D): requests per fixed window (default 120 per 60 s, on the account's
// clock) and concurrent live generations (default 10). Over either → 429 rate_limit_exceeded.

/** The defaults of a new key. */
export const DEFAULT_RATE_LIMIT = { requests: 120, interval: "1m" } as const;
export const DEFAULT_CONCURRENCY = 10;

const INTERVAL = /^([1-9]\d{0,4})(s|m|h)$/;

/** Milliseconds of an interval such as `"1m"`, `"30s"` or `"1h"`; NaN when malformed. */
export function intervalMs(interval: string): number {
  const match = INTERVAL.exec(interval);
  if (!match) return Number.NaN;
  const unit = match[2] === "s" ? 1_000 : match[2] === "m" ? 60_000 : 3_600_000;
  return Number(match[1]) * unit;
}

// Every request reads its key's interval: parsed once per distinct spelling (a handful in
// practice; bounded, so odd spellings cannot grow it without limit).
const INTERVAL_CACHE_LIMIT = 64;
const intervalCache = new Map<string, number>();

function windowLength(interval: string): number {
  let length = intervalCache.get(interval);
  if (length === undefined) {
    length = intervalMs(interval) || 60_000;
    if (intervalCache.size >= INTERVAL_CACHE_LIMIT) intervalCache.clear();
    intervalCache.set(interval, length);
  }
  return length;
}

/** The values of the `RateLimit-*` headers. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

/** The key's current window, as stored (a new one once the last has run out). */
function windowOf(state: SandboxState, key: StoredKey, now: number, length: number): { start: number; count: number } {
  let window = state.rateWindows.get(key.id);
  if (!window || now >= window.start + length) {
    window = { start: now, count: 0 };
    state.rateWindows.set(key.id, window);
  }
  return window;
}

function view(key: StoredKey, start: number, count: number, length: number, now: number): RateLimitState {
  return {
    limit: key.rate_limit.requests,
    remaining: Math.max(0, key.rate_limit.requests - count),
    reset: Math.max(0, Math.ceil((start + length - now) / 1000)),
  };
}

/**
 * The key's window without counting a request: the headers of an answer refused before the
 * request counted (a 403 of the IP allow-list or of a scope).
 */
export function peekRateLimit(state: SandboxState, key: StoredKey, now: number): RateLimitState {
  const length = windowLength(key.rate_limit.interval);
  const window = windowOf(state, key, now, length);
  return view(key, window.start, window.count, length, now);
}

/**
 * Checks and counts a request against the key's window in one step: the window after this
 * request, or 429 when it is used up (with `Retry-After`, and nothing counted).
 */
export function consumeRateLimit(state: SandboxState, key: StoredKey, now: number): RateLimitState {
  const length = windowLength(key.rate_limit.interval);
  const window = windowOf(state, key, now, length);
  if (window.count >= key.rate_limit.requests) {
    const current = view(key, window.start, window.count, length, now);
    throw new ApiError(
      429,
      "rate_limit_exceeded",
      `Rate limit exceeded: ${key.rate_limit.requests} requests per ${key.rate_limit.interval} for this API key. Retry after ${Math.max(1, current.reset)} s.`,
      { "retry-after": String(Math.max(1, current.reset)), ...rateLimitHeaders(current) },
    );
  }
  window.count += 1;
  return view(key, window.start, window.count, length, now);
}

/** 429 when a live key already has `concurrency` generations IN_QUEUE or IN_PROGRESS. */
export function checkConcurrency(state: SandboxState, key: StoredKey, now: number, rate: RateLimitState): void {
  if (key.environment !== "live") return;
  const active = activeRequestsOf(state, key.account_id, key.id);
  if (active.length < key.concurrency) return;
  const firstEnd = Math.min(...active.map((request) => request.end_at));
  const retryAfter = Math.max(1, Math.ceil((firstEnd - now) / 1000));
  throw new ApiError(
    429,
    "rate_limit_exceeded",
    `Too many concurrent generations: this API key allows ${key.concurrency} at a time. Retry after ${retryAfter} s.`,
    { "retry-after": String(retryAfter), ...rateLimitHeaders(rate) },
  );
}

/** The `RateLimit-*` headers. */
export function rateLimitHeaders(rate: RateLimitState): Record<string, string> {
  return {
    "ratelimit-limit": String(rate.limit),
    "ratelimit-remaining": String(rate.remaining),
    "ratelimit-reset": String(rate.reset),
  };
}

/** The headers of an answer given before any key was known (no key, bad key): the defaults. */
export const ANONYMOUS_RATE_LIMIT: RateLimitState = {
  limit: DEFAULT_RATE_LIMIT.requests,
  remaining: DEFAULT_RATE_LIMIT.requests,
  reset: 60,
};
