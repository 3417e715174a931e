import { invalidRequest } from "../http/errors.js";
import type { StoredAccount, Subscription } from "./records.js";

// An account's settings (SPEC v3 §5.4, "account settings"): its plan, its input policy and its
// balance. Validation is shared by `POST /_sandbox/accounts` and `PATCH /_sandbox/accounts/{id}`;
// each check throws a 400 `invalid_request` naming the field.

/** The settings an account can be created or changed with. */
export interface AccountSettings {
  balance_credits: number;
  subscription: Subscription;
  strict_inputs: boolean;
}

/** A new account's settings unless told otherwise (the plan and input policy are also what an older state file's accounts read as). */
export const DEFAULT_ACCOUNT_SETTINGS: Readonly<AccountSettings> = {
  balance_credits: 1000,
  subscription: "active",
  strict_inputs: false,
};

/** The option names of the settings (for `checkOptions`). */
export const ACCOUNT_SETTING_NAMES: readonly (keyof AccountSettings)[] = [
  "subscription",
  "strict_inputs",
  "balance_credits",
];

function checkBalance(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw invalidRequest("balance_credits must be a non-negative integer.");
  }
  return value;
}

function checkSubscription(value: unknown): Subscription {
  if (value !== "active" && value !== "none") throw invalidRequest('subscription must be "active" or "none".');
  return value;
}

function checkStrictInputs(value: unknown): boolean {
  if (typeof value !== "boolean") throw invalidRequest("strict_inputs must be a boolean.");
  return value;
}

/** The validated settings of a body whose names were already checked (only those present). */
export function checkAccountSettings(body: Record<string, unknown>): Partial<AccountSettings> {
  const settings: Partial<AccountSettings> = {};
  if (body.balance_credits !== undefined) settings.balance_credits = checkBalance(body.balance_credits);
  if (body.subscription !== undefined) settings.subscription = checkSubscription(body.subscription);
  if (body.strict_inputs !== undefined) settings.strict_inputs = checkStrictInputs(body.strict_inputs);
  return settings;
}

/**
 * An account read from a snapshot or a `--state` file, with the settings added since it was
 * written at their defaults (a file from before `subscription` still opens, every plan active).
 */
export function withAccountDefaults(account: StoredAccount): StoredAccount {
  const { subscription, strict_inputs } = DEFAULT_ACCOUNT_SETTINGS;
  return {
    ...account,
    subscription: account.subscription ?? subscription,
    strict_inputs: account.strict_inputs ?? strict_inputs,
    initial: {
      ...account.initial,
      subscription: account.initial.subscription ?? subscription,
      strict_inputs: account.initial.strict_inputs ?? strict_inputs,
    },
  };
}
