// Captured at load, so fake timers (vi.useFakeTimers) do not drive a sandbox that does not follow Date.now.
const realDateNow: () => number = Date.now;
const realSetTimeout: typeof setTimeout = globalThis.setTimeout;
const realClearTimeout: typeof clearTimeout = globalThis.clearTimeout;

/** Options of the sandbox clock. */
interface ClockOptions {
  /** Read `Date.now()` (and schedule with the global `setTimeout`) at each call, so fake timers drive the clock. */
  followDateNow?: boolean;
}

/**
 * The sandbox clock: the real time (or `Date.now()` with `followDateNow`) plus a global offset plus
 * an offset per account. Each account's reading never goes backwards, so derived states never regress.
 */
export class SandboxClock {
  globalOffset = 0;
  readonly offsets = new Map<string, number>();
  private readonly last = new Map<string, number>();

  constructor(readonly options: ClockOptions = {}) {}

  private base(): number {
    return this.options.followDateNow ? Date.now() : realDateNow();
  }

  /** The sandbox time in epoch ms, for an account (its own offset) or globally. */
  now(accountId?: string): number {
    const slot = accountId ?? "";
    const reading =
      this.base() + this.globalOffset + (accountId === undefined ? 0 : (this.offsets.get(accountId) ?? 0));
    const last = this.last.get(slot) ?? Number.NEGATIVE_INFINITY;
    const now = Math.max(reading, last);
    this.last.set(slot, now);
    return now;
  }

  /** Moves the clock forward by `ms`: one account's, or every account's. */
  advance(ms: number, accountId?: string): number {
    if (accountId === undefined) this.globalOffset += ms;
    else this.offsets.set(accountId, (this.offsets.get(accountId) ?? 0) + ms);
    return this.now(accountId);
  }

  /** An account's clock back to the global one. */
  resetAccount(accountId: string): void {
    this.offsets.delete(accountId);
    this.last.delete(accountId);
  }

  /** Every offset back to zero. */
  resetAll(): void {
    this.globalOffset = 0;
    this.offsets.clear();
    this.last.clear();
  }

  /** Runs `callback` after `ms` of real time (fake time with `followDateNow`); only `keepAlive` timers hold the process open. */
  schedule(callback: () => void, ms: number, keepAlive = false): () => void {
    const set = this.options.followDateNow ? globalThis.setTimeout : realSetTimeout;
    const clear = this.options.followDateNow ? globalThis.clearTimeout : realClearTimeout;
    const delay = Math.min(Math.max(0, Math.ceil(ms)), 2_147_483_647);
    const timer = set(callback, delay) as unknown as { unref?: () => void };
    if (!keepAlive) timer.unref?.();
    return () => clear(timer as unknown as ReturnType<typeof setTimeout>);
  }
}

/** RFC 3339 (UTC, milliseconds) of epoch milliseconds. */
export function toRfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

/** RFC 3339 or null. */
export function toRfc3339OrNull(ms: number | null): string | null {
  return ms === null ? null : toRfc3339(ms);
}
