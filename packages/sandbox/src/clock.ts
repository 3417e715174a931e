/**
 * The sandbox clock: real time plus an offset that `advance` grows. It never moves backwards,
 * even if the system clock does, so lazily derived states never regress.
 */
export class SandboxClock {
  offsetMs = 0;
  lastMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Current sandbox time in epoch milliseconds. */
  now(): number {
    this.lastMs = Math.max(this.lastMs, this.realNow() + this.offsetMs);
    return this.lastMs;
  }

  /** Moves the clock forward by `ms` (a non-negative number). */
  advance(ms: number): number {
    this.offsetMs += ms;
    return this.now();
  }
}

// Serialising a key or generation formats the same few instants over and over (created_at,
// last_used_at, …); a small memo saves a Date and a toISOString per field on the request path.
const RFC3339_MEMO = new Map<number, string>();
const RFC3339_MEMO_SIZE = 4096;

/** RFC 3339 (UTC, milliseconds) of epoch milliseconds. */
export function toRfc3339(ms: number): string {
  let text = RFC3339_MEMO.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (RFC3339_MEMO.size >= RFC3339_MEMO_SIZE) RFC3339_MEMO.clear();
    RFC3339_MEMO.set(ms, text);
  }
  return text;
}
