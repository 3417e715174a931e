import { ApiError, invalidRequest } from "./errors.js";
import { canonicalJson } from "./http.js";
import { deriveKey } from "./keys.js";
import { sha256Hex } from "./sha256.js";
import type { SandboxState } from "./state.js";
import type { IdempotencyRecord } from "./store.js";

const RETENTION_MS = 24 * 60 * 60 * 1000;

/** What the body and target of a request hash to; "same body" ignores JSON whitespace and key order. */
export function fingerprintOf(method: string, path: string, bodyText: string): string {
  let normalized = bodyText;
  try {
    normalized = bodyText.trim() === "" ? "" : canonicalJson(JSON.parse(bodyText));
  } catch {
    // not JSON: compare the raw text
  }
  return sha256Hex(`${method} ${path}\n${normalized}`);
}

/** The outcome of looking up an `Idempotency-Key`: a replay, or a reservation now held. */
export type IdempotencyLookup =
  | { kind: "replay"; record: IdempotencyRecord }
  | { kind: "reserved"; scope: string; fingerprint: string };

/** Replays, rejects (409) or reserves an `Idempotency-Key` scoped to the calling key. */
export function lookupIdempotency(
  state: SandboxState,
  keyId: string,
  idempotencyKey: string,
  fingerprint: string,
  now: number,
): IdempotencyLookup {
  if (idempotencyKey.length === 0 || idempotencyKey.length > 255) {
    throw invalidRequest("Idempotency-Key", "The Idempotency-Key header must be 1 to 255 characters.");
  }
  const scope = `${keyId}\u0000${idempotencyKey}`;
  const record = state.store.idempotency.get(scope);
  if (record && record.created_at + RETENTION_MS > now) {
    if (record.fingerprint !== fingerprint) throw reused();
    return { kind: "replay", record };
  }
  const running = state.inFlight.get(scope);
  if (running !== undefined) {
    if (running !== fingerprint) throw reused();
    throw new ApiError(409, "idempotency_request_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly.");
  }
  state.inFlight.set(scope, fingerprint);
  return { kind: "reserved", scope, fingerprint };
}

function reused(): ApiError {
  return new ApiError(409, "idempotency_key_reused", "This Idempotency-Key was already used with a different request.");
}

/** Stores a successful response for replays (a key secret is kept as the counter that re-derives it). */
export function recordIdempotency(
  state: SandboxState,
  reservation: { scope: string; fingerprint: string },
  now: number,
  response: { status: number; body: string; secret?: { kind: "admin" | "live" | "test"; counter: number } },
): void {
  let body = response.body;
  if (response.secret) {
    const { secret: _secret, ...rest } = JSON.parse(body) as Record<string, unknown>;
    body = JSON.stringify(rest);
  }
  // Expired records are swept at most once a minute, so the store does not grow without bound.
  if (now - state.lastIdempotencySweep > 60_000) {
    state.lastIdempotencySweep = now;
    for (const [scope, record] of state.store.idempotency) {
      if (record.created_at + RETENTION_MS <= now) state.store.idempotency.delete(scope);
    }
  }
  state.store.idempotency.set(reservation.scope, {
    scope: reservation.scope,
    fingerprint: reservation.fingerprint,
    created_at: now,
    status: response.status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body,
    ...(response.secret ? { secret: response.secret } : {}),
  });
  state.store.touch();
}

/** The body of a replay, exactly as first sent. */
export function replayBody(state: SandboxState, record: IdempotencyRecord): string {
  if (!record.secret) return record.body;
  const body = JSON.parse(record.body) as Record<string, unknown>;
  return JSON.stringify({ ...body, secret: deriveKey(state.seed, record.secret.kind, record.secret.counter) });
}
