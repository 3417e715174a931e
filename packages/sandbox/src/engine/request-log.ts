import { redactSecrets } from "../http/redact.js";

// The request log (SPEC v3 §5.4): one entry per public API call that names an account, written by
// the store (engine/record-store.ts `addLog`), read by control/logs.ts. No body and no secret is
// ever kept: the key only as its redacted form, and every client-supplied text passed through
// `redactSecrets`.
//
// It is written on every public call and read rarely, so the write does the least it can: each
// account keeps its entries in a ring of reused records (`AccountLog`), an entry's id is derived
// from its `seq` when first read, and a call without warnings shares one empty list. At thousands
// of calls a second, a fresh object per entry kept for 1,000 calls lived just long enough to be
// promoted to the old generation and collected there.

/** How the key was sent: `Authorization: Bearer`, `Authorization: Key`, or `X-Api-Key`. */
export type AuthScheme = "bearer" | "key" | "x-api-key";

/** A logged call, as stored. Times are epoch ms on the account's sandbox clock. */
export interface StoredLogEntry {
  /** `log_…`. */
  id: string;
  /** The store's order of all entries (the `--state` file reads rows back in it). */
  seq: number;
  /** 1 for the account's first logged call since it was created or reset; the dropped count derives from it. */
  ordinal: number;
  account_id: string;
  /** When the call came in, on the account's clock. */
  time: number;
  method: string;
  /** Without the query string. */
  path: string;
  /** The answer's HTTP status; 0 when a `network_error` fault dropped the connection. */
  status: number;
  code: string | null;
  key_id: string;
  redacted_key: string;
  auth_scheme: AuthScheme;
  idempotency_key: string | null;
  /** Real (wall-clock) time until the answer's status was known. */
  duration_ms: number;
  request_id: string | null;
  warnings: string[];
}

/**
 * A log entry as an account's ring keeps it: `id` is null until first read (it derives from `seq`,
 * see `Store.logIdOf`; a restored entry keeps the id it was saved with), and `warnings` may be the
 * shared `NO_WARNINGS`.
 */
export interface LogRecord extends Omit<StoredLogEntry, "id" | "warnings"> {
  id: string | null;
  warnings: readonly string[];
}

/** The warnings of a call that has none: one shared, frozen list instead of a new one per call. */
export const NO_WARNINGS: readonly string[] = Object.freeze([]);

/** How many entries an account keeps: older ones are dropped (and counted). */
export const REQUEST_LOG_LIMIT = 1000;

// Copies every field of `from` into `to` (a ring's slot): written out, so a reused slot keeps one
// shape and no object is spread per call.
function copyRecord(to: LogRecord, from: LogRecord): LogRecord {
  to.id = from.id;
  to.seq = from.seq;
  to.ordinal = from.ordinal;
  to.account_id = from.account_id;
  to.time = from.time;
  to.method = from.method;
  to.path = from.path;
  to.status = from.status;
  to.code = from.code;
  to.key_id = from.key_id;
  to.redacted_key = from.redacted_key;
  to.auth_scheme = from.auth_scheme;
  to.idempotency_key = from.idempotency_key;
  to.duration_ms = from.duration_ms;
  to.request_id = from.request_id;
  to.warnings = from.warnings;
  return to;
}

/**
 * One account's log: a ring of at most `REQUEST_LOG_LIMIT` records, oldest first from `start`.
 * Until it is full a new entry gets a new slot; from then on it overwrites the oldest one in place,
 * so a busy account allocates nothing that outlives its call. Only the store writes it.
 */
export class AccountLog {
  private readonly slots: LogRecord[] = [];
  // Where the oldest entry is once the ring is full (0 until then).
  private start = 0;
  // The newest entry's ordinal, 0 when empty: what the next entry's and the dropped count derive from.
  private lastOrdinal = 0;

  get size(): number {
    return this.slots.length;
  }

  /** The `ordinal` the next entry takes. */
  get nextOrdinal(): number {
    return this.lastOrdinal + 1;
  }

  /** How many entries the bound dropped since the account was created or reset. */
  get dropped(): number {
    return this.lastOrdinal - this.slots.length;
  }

  /** The entry the next `append` overwrites, or null while the ring has room. */
  get overwritten(): LogRecord | null {
    return this.slots.length < REQUEST_LOG_LIMIT ? null : this.slots[this.start]!;
  }

  /** Keeps a copy of `record` (the caller's object is not kept) and returns the slot holding it. */
  append(record: LogRecord): LogRecord {
    this.lastOrdinal = record.ordinal;
    const oldest = this.overwritten;
    if (oldest === null) {
      const slot = copyRecord({} as LogRecord, record);
      this.slots.push(slot);
      return slot;
    }
    this.start = (this.start + 1) % REQUEST_LOG_LIMIT;
    return copyRecord(oldest, record);
  }

  /** The entries, newest first. */
  *newestFirst(): Generator<Readonly<LogRecord>> {
    const count = this.slots.length;
    for (let back = 1; back <= count; back++) yield this.slots[(this.start + count - back) % count]!;
  }
}

// Header values and paths are the client's text: bounded, so a huge header cannot bloat the log.
const MAX_TEXT = 256;

/** Client-supplied text as the log keeps it: any key or webhook secret in it redacted, cut to 256 characters. */
export function logText(text: string): string {
  const redacted = redactSecrets(text);
  return redacted.length > MAX_TEXT ? `${redacted.slice(0, MAX_TEXT)}…` : redacted;
}

// Captured at load, like the clock's real Date.now: fake timers do not bend a measured duration.
const realPerformance: { now(): number } =
  typeof globalThis.performance?.now === "function" ? globalThis.performance : { now: Date.now };
const monotonicNow: () => number = realPerformance.now.bind(realPerformance);

/** A monotonic start time, for `elapsedMs` (a number rather than a stopwatch object: no closure per call). */
export function startStopwatch(): number {
  return monotonicNow();
}

/** Whole milliseconds since `start` (from `startStopwatch`). */
export function elapsedMs(start: number): number {
  return Math.max(0, Math.round(monotonicNow() - start));
}

/**
 * The error code of an answer: read from its `{error: {code}}` body, so every route (and an
 * injected fault) is covered the same way. Null on a success or a body that is not JSON text.
 */
export function answerCode(status: number, body: unknown): string | null {
  if (status < 400 || typeof body !== "string") return null;
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === "string" ? code : null;
  } catch {
    return null;
  }
}
