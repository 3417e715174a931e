import { ApiError, invalidRequest } from "../http/errors.js";
import { canonicalJson } from "../http/body.js";
import { sha256Hex } from "./sha256.js";
import type { SandboxState } from "./state.js";
import type { StoredIdempotency } from "./records.js";

/** How long an answer is kept (SPEC §2): 24 h of sandbox clock. */
const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

const PRINTABLE = /^[\x20-\x7e]{1,255}$/;

/** What the target and body hash to; "same body" ignores JSON whitespace and key order. */
export function fingerprintOf(path: string, bodyText: string): string {
  let normalized = bodyText;
  try {
    normalized = bodyText.trim() === "" ? "" : canonicalJson(JSON.parse(bodyText));
  } catch {
    // not JSON: compare the raw text
  }
  return sha256Hex(`${path}\n${normalized}`);
}

/** The outcome of looking up an `Idempotency-Key`: the first answer again, or a reservation now held. */
export type IdempotencyLookup =
  | { kind: "replay"; record: StoredIdempotency }
  | { kind: "reserved"; scope: string; fingerprint: string; keyId: string };

/**
 * Replays, rejects or reserves an `Idempotency-Key`, scoped to the calling key: same body and model
 * → replay; different → 409 `idempotency_key_reuse`; the first still running → 409 `request_in_progress`.
 */
export function lookupIdempotency(
  state: SandboxState,
  keyId: string,
  idempotencyKey: string,
  fingerprint: string,
  now: number,
): IdempotencyLookup {
  if (!PRINTABLE.test(idempotencyKey)) {
    throw invalidRequest("The Idempotency-Key header must be 1 to 255 printable ASCII characters.");
  }
  const scope = `${keyId}\u0000${idempotencyKey}`;
  const record = state.store.idempotency.get(scope);
  if (record && record.created_at + IDEMPOTENCY_RETENTION_MS > now) {
    if (record.fingerprint !== fingerprint) throw reused();
    return { kind: "replay", record };
  }
  const running = state.inFlight.get(scope);
  if (running !== undefined) {
    if (running !== fingerprint) throw reused();
    throw new ApiError(
      409,
      "request_in_progress",
      "A request with this Idempotency-Key is still being processed; retry shortly.",
    );
  }
  state.inFlight.set(scope, fingerprint);
  return { kind: "reserved", scope, fingerprint, keyId };
}

function reused(): ApiError {
  return new ApiError(
    409,
    "idempotency_key_reuse",
    "This Idempotency-Key was already used with a different request body or model; use a new key.",
  );
}

/** Keeps a 2xx answer for replays. */
export function recordIdempotency(
  state: SandboxState,
  reservation: { scope: string; fingerprint: string; keyId: string },
  now: number,
  response: { status: number; body: string },
): void {
  // Expired records are swept at most once a minute of clock, so the store does not grow without bound.
  if (now - state.lastIdempotencySweep > 60_000) {
    state.lastIdempotencySweep = now;
    for (const [scope, record] of state.store.idempotency) {
      if (record.created_at + IDEMPOTENCY_RETENTION_MS <= now) state.store.removeIdempotency(scope);
    }
  }
  state.store.putIdempotency({
    scope: reservation.scope,
    key_id: reservation.keyId,
    fingerprint: reservation.fingerprint,
    created_at: now,
    status: response.status,
    body: response.body,
  });
}
