import { redactKey } from "../http/redact.js";
import { type AccountSettings, DEFAULT_ACCOUNT_SETTINGS } from "./account-settings.js";
import type { Environment, Scope } from "./keys.js";
import { DEFAULT_CONCURRENCY, DEFAULT_RATE_LIMIT } from "./rate-limit.js";
import type { StoredAccount, StoredKey } from "./records.js";
import { sha256Hex } from "./sha256.js";
import type { SandboxState } from "./state.js";
import { type DefaultKeys, Store } from "./store.js";

/** A key record with every setting at its default; the secret is kept only as a hash. */
export function newStoredKey(
  store: Store,
  init: { account_id: string; environment: Environment; name: string; scopes: Scope[]; secret: string; now: number },
): StoredKey {
  return {
    id: store.nextId("key"),
    seq: store.nextSeq(),
    account_id: init.account_id,
    name: init.name,
    environment: init.environment,
    scopes: [...init.scopes],
    hash: sha256Hex(init.secret),
    redacted_value: redactKey(init.secret),
    created_at: init.now,
    last_used_at: null,
    expires_at: null,
    credit_limit: null,
    credits_used: 0,
    rate_limit: { ...DEFAULT_RATE_LIMIT },
    concurrency: DEFAULT_CONCURRENCY,
    model_access: { mode: "all", models: [] },
    allowed_ips: [],
    disabled: false,
    revoked_at: null,
  };
}

/** A new account with its three keys (live, test, read-only test) and webhook secret; its settings are what a reset restores. */
export function createStoredAccount(
  store: Store,
  settings: AccountSettings,
  now: number,
): { account: StoredAccount; keys: DefaultKeys } {
  const accountId = store.nextId("acc");
  const webhookSecret = store.nextWebhookSecret();
  const made: StoredKey[] = [];
  const make = (environment: Environment, name: string, scopes: Scope[]): string => {
    const secret = store.nextKeySecret(environment);
    const key = newStoredKey(store, { account_id: accountId, environment, name, scopes, secret, now });
    store.addKey(key);
    made.push(key);
    return secret;
  };
  const keys: DefaultKeys = {
    live: make("live", "Default live key", ["generate", "read"]),
    test: make("test", "Default test key", ["generate", "read"]),
    test_read_only: make("test", "Read-only test key", ["read"]),
  };
  const account: StoredAccount = {
    account_id: accountId,
    seq: store.nextSeq(),
    balance_credits: settings.balance_credits,
    webhook_secret: webhookSecret,
    subscription: settings.subscription,
    strict_inputs: settings.strict_inputs,
    created_at: now,
    initial: {
      balance_credits: settings.balance_credits,
      webhook_secret: webhookSecret,
      subscription: settings.subscription,
      strict_inputs: settings.strict_inputs,
      keys: structuredClone(made),
    },
  };
  store.addAccount(account);
  return { account, keys };
}

/** A fresh store for a seed, with the default account (`deterministic`: see `Store`). */
export function initialStore(seed: string, now: number, deterministic: boolean): Store {
  const store = new Store(seed, deterministic);
  const { account, keys } = createStoredAccount(store, DEFAULT_ACCOUNT_SETTINGS, now);
  store.setDefaultAccount(account.account_id, keys);
  return store;
}

/**
 * One account back to its initial state: its initial keys (secrets unchanged), balance, plan,
 * input policy and webhook secret; its requests, chat completions, request log, deliveries, idempotency records, faults,
 * outcomes, rate windows and clock offset dropped. Nothing of any other account changes.
 */
export function resetStoredAccount(state: SandboxState, account: StoredAccount): void {
  const store = state.store;
  const keyIds = new Set<string>();
  for (const key of store.keysOf(account.account_id)) {
    keyIds.add(key.id);
    store.removeKey(key);
  }
  for (const key of account.initial.keys) {
    keyIds.add(key.id);
    store.addKey(structuredClone(key));
  }
  store.updateAccount(account, {
    balance_credits: account.initial.balance_credits,
    webhook_secret: account.initial.webhook_secret,
    subscription: account.initial.subscription,
    strict_inputs: account.initial.strict_inputs,
  });
  store.removeRequestsOf(account.account_id);
  store.removeChatsOf(account.account_id);
  store.removeLogsOf(account.account_id);
  for (const [scope, record] of store.idempotency) if (keyIds.has(record.key_id)) store.removeIdempotency(scope);
  for (const scope of [...state.inFlight.keys()])
    if (keyIds.has(scope.split("\u0000")[0] ?? "")) state.inFlight.delete(scope);
  for (const keyId of keyIds) state.rateWindows.delete(keyId);
  for (const [id, delivery] of store.deliveries)
    if (delivery.account_id === account.account_id) store.removeDelivery(id);
  store.removeRulesOf(account.account_id);
  state.clock.resetAccount(account.account_id);
  store.touch();
}
