import { invalidRequest, notFound } from "../http/errors.js";
import { checkOptions } from "../http/options.js";
import { toRfc3339, toRfc3339OrNull } from "../engine/clock.js";
import { newStoredKey } from "../engine/accounts.js";
import type { StoredKey } from "../engine/records.js";
import type { SandboxState } from "../engine/state.js";
import { findAccount } from "./accounts.js";
import { keyStatus } from "../engine/key-policy.js";
import { checkEnvironment, checkName, checkSettings, CREATE_FIELDS, UPDATE_FIELDS } from "../engine/key-settings.js";
import type { KeyCreateInput, KeyRecord, KeyUpdateInput } from "./types.js";

/** The console's view of a key (never the secret). */
function serializeKey(key: StoredKey, now: number): KeyRecord {
  return {
    id: key.id,
    account_id: key.account_id,
    name: key.name,
    environment: key.environment,
    scopes: [...key.scopes],
    redacted_value: key.redacted_value,
    status: keyStatus(key, now),
    created_at: toRfc3339(key.created_at),
    last_used_at: toRfc3339OrNull(key.last_used_at),
    expires_at: toRfc3339OrNull(key.expires_at),
    credit_limit: key.credit_limit,
    credits_used: key.credits_used,
    rate_limit: { ...key.rate_limit },
    concurrency: key.concurrency,
    model_access: { mode: key.model_access.mode, models: [...key.model_access.models] },
    allowed_ips: [...key.allowed_ips],
    disabled: key.disabled,
    revoked_at: toRfc3339OrNull(key.revoked_at),
  };
}

const asBody = (input: unknown): Record<string, unknown> => {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw invalidRequest("The body must be a JSON object.");
  return input as Record<string, unknown>;
};

/** Creates a key; the answer carries its secret, shown this once. */
export function createKey(
  state: SandboxState,
  accountId: string,
  input: KeyCreateInput,
): KeyRecord & { secret: string } {
  const account = findAccount(state, accountId);
  const body = asBody(input);
  checkOptions(body, CREATE_FIELDS);
  if (body.name === undefined) throw invalidRequest("name is required.");
  if (body.environment === undefined) throw invalidRequest("environment is required.");
  const now = state.clock.now(account.account_id);
  const name = checkName(body.name);
  const environment = checkEnvironment(body.environment);
  const settings = checkSettings(body, now);
  const secret = state.store.nextKeySecret(environment);
  const key = {
    ...newStoredKey(state.store, {
      account_id: account.account_id,
      environment,
      name,
      scopes: settings.scopes ?? ["generate", "read"],
      secret,
      now,
    }),
    ...settings,
  };
  state.store.addKey(key);
  return { ...serializeKey(key, now), secret };
}

/** The account's keys, oldest first, with their status. */
export function listKeys(state: SandboxState, accountId: string): KeyRecord[] {
  const account = findAccount(state, accountId);
  const now = state.clock.now(account.account_id);
  return state.store.keysOf(account.account_id).map((key) => serializeKey(key, now));
}

function findKey(state: SandboxState, keyId: string): StoredKey {
  const key = state.store.keys.get(keyId);
  if (!key) throw notFound(`No key with id ${JSON.stringify(String(keyId)).slice(0, 64)}.`);
  return key;
}

/** Edits a key's settings, name, scopes or `disabled` (a revoked key cannot change). */
export function updateKey(state: SandboxState, keyId: string, patch: KeyUpdateInput): KeyRecord {
  const body = asBody(patch);
  checkOptions(body, UPDATE_FIELDS);
  const key = findKey(state, keyId);
  const now = state.clock.now(key.account_id);
  const changes = checkSettings(body, now);
  if (key.revoked_at !== null) throw invalidRequest(`The key ${key.redacted_value} is revoked; it cannot be changed.`);
  state.store.updateKey(key, changes);
  return serializeKey(key, now);
}

/** Revokes a key: immediate and irreversible (idempotent; the record stays). */
export function revokeKey(state: SandboxState, keyId: string): KeyRecord {
  const key = findKey(state, keyId);
  const now = state.clock.now(key.account_id);
  if (key.revoked_at === null) state.store.updateKey(key, { revoked_at: now });
  return serializeKey(key, now);
}
