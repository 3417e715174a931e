import { redactSecrets } from "../http/redact.js";

// The request log (SPEC v3 §5.4): one entry per public API call that names an account, written by
// the store (engine/record-store.ts `addLog`), read by control/logs.ts. No body and no secret is
// ever kept: the key only as its redacted form, and every client-supplied text passed through
// `redactSecrets`.

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

/** How many entries an account keeps: older ones are dropped (and counted). */
export const REQUEST_LOG_LIMIT = 1000;

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

/** A running stopwatch: `elapsed()` is whole milliseconds since it started. */
export function startStopwatch(): { elapsed(): number } {
  const start = monotonicNow();
  return { elapsed: () => Math.max(0, Math.round(monotonicNow() - start)) };
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
