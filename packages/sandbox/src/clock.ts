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

/** RFC 3339 (UTC, milliseconds) of epoch milliseconds. */
export function toRfc3339(ms: number): string {
  return new Date(ms).toISOString();
}
