import { invalidRequest, notFound } from "../http/errors.js";
import { checkOptions } from "../http/options.js";
import { toRfc3339 } from "../engine/clock.js";
import {
  ACCOUNT_SETTING_NAMES,
  type AccountSettings,
  checkAccountSettings,
  DEFAULT_ACCOUNT_SETTINGS,
} from "../engine/account-settings.js";
import { createStoredAccount, initialStore, resetStoredAccount } from "../engine/accounts.js";
import type { StoredAccount } from "../engine/records.js";
import type { SandboxState } from "../engine/state.js";
import { keyUsage, USAGE_WINDOW_MS } from "../engine/usage.js";
import { roundCredits } from "../engine/credit-amount.js";
import { keyStatus } from "../engine/key-policy.js";
import { scopeOf } from "./scope.js";
import type {
  AccountCredentials,
  AccountSummary,
  CreateAccountInput,
  UpdateAccountInput,
  UsageReport,
} from "./types.js";

/** The account with this id, or 404. */
export function findAccount(state: SandboxState, accountId: unknown): StoredAccount {
  const account = typeof accountId === "string" ? state.store.accounts.get(accountId) : undefined;
  if (!account) throw notFound(`No sandbox account with id ${JSON.stringify(String(accountId)).slice(0, 64)}.`);
  return account;
}

/**
 * Creates an isolated account with its three keys (live, test, read-only test) and webhook
 * secret. Its balance, plan and input policy default to 1000, `active` and `false`; what it is
 * created with is what a reset of it restores.
 */
export function createAccount(state: SandboxState, input: CreateAccountInput = {}): AccountCredentials {
  const settings: AccountSettings = {
    ...DEFAULT_ACCOUNT_SETTINGS,
    ...checkAccountSettings(checkOptions(input, ACCOUNT_SETTING_NAMES)),
  };
  const { account, keys } = createStoredAccount(state.store, settings, state.clock.now());
  return {
    account: { account_id: account.account_id, balance: { credits: account.balance_credits } },
    keys,
    webhook_secret: account.webhook_secret,
  };
}

/** An account as the console lists it. */
function summarize(state: SandboxState, account: StoredAccount): AccountSummary {
  return {
    account_id: account.account_id,
    balance: { credits: account.balance_credits },
    subscription: account.subscription,
    strict_inputs: account.strict_inputs,
    created_at: toRfc3339(account.created_at),
    is_default: account.account_id === state.store.defaultAccountId,
    keys: state.store.keysOf(account.account_id).length,
    requests: state.store.requestsOf(account.account_id).length,
    webhook_secret: account.webhook_secret,
  };
}

/** Every account, oldest first. */
export function listAccounts(state: SandboxState): AccountSummary[] {
  return [...state.store.accounts.values()].sort((a, b) => a.seq - b.seq).map((account) => summarize(state, account));
}

/**
 * Changes an account's plan (`subscription`), input policy (`strict_inputs`) or balance
 * (`balance_credits`); at least one. A reset of the account restores the values it was created with.
 */
export function updateAccount(state: SandboxState, accountId: string, settings: UpdateAccountInput): AccountSummary {
  const body = checkOptions(settings, ACCOUNT_SETTING_NAMES);
  if (Object.keys(body).length === 0) {
    throw invalidRequest(`Give at least one setting to change: ${ACCOUNT_SETTING_NAMES.join(", ")}.`);
  }
  const account = findAccount(state, accountId);
  state.store.updateAccount(account, checkAccountSettings(body));
  return summarize(state, account);
}

/** The balance and each key's usage over the last 30 days of the account's clock. */
export function usage(state: SandboxState, accountId: string): UsageReport {
  const account = findAccount(state, accountId);
  const now = state.clock.now(account.account_id);
  const keys = state.store.keysOf(account.account_id).map((key) => ({
    key_id: key.id,
    name: key.name,
    environment: key.environment,
    status: keyStatus(key, now),
    ...keyUsage(state.store, key.id, now),
  }));
  return {
    account_id: account.account_id,
    balance: { credits: account.balance_credits },
    since: toRfc3339(now - USAGE_WINDOW_MS),
    until: toRfc3339(now),
    keys,
    total: {
      requests: keys.reduce((sum, key) => sum + key.requests, 0),
      credits_spent: keys.reduce((sum, key) => roundCredits(sum + key.credits_spent), 0),
    },
  };
}

/** A new webhook signing secret for the account; the old one stops signing at once. */
export function rotateWebhookSecret(state: SandboxState, accountId: string): { webhook_secret: string } {
  const account = findAccount(state, accountId);
  state.store.updateAccount(account, { webhook_secret: state.store.nextWebhookSecret() });
  return { webhook_secret: account.webhook_secret };
}

/**
 * `{account_id}`: that account back to its initial state, nothing else touched. `{all: true}`:
 * the whole sandbox back to its seed's. Nothing else (no options, a misspelt name) resets anything.
 */
export function reset(state: SandboxState, options: { account_id: string } | { all: true }): void {
  const scope = scopeOf(checkOptions(options, ["account_id", "all"]), "reset");
  if (scope !== "all") {
    resetStoredAccount(state, findAccount(state, scope.account_id));
    return;
  }
  state.clock.resetAll();
  // A new store: `changed()` tells the listeners (and a persister rewrites the file) by its identity.
  state.store = initialStore(state.seed, state.clock.now(), state.store.deterministic);
  state.inFlight.clear();
  state.rateWindows.clear();
  state.delivering.clear();
}
