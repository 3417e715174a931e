import type { UpdateAccountInput } from "../../control/types.js";
import type { ConsoleAccount } from "./api.js";

// What the Settings tab sends (pure, unit-tested; the DOM part is covered by scripts/browser/console.mjs).

/** What the settings form holds, as read from its controls. */
interface SettingsFormValues {
  subscription: string;
  strict_inputs: boolean;
  balance: string;
}

/**
 * The PATCH body for what the form changed (pure, unit-tested): only the settings that differ
 * from the account's, so saving an untouched form changes nothing (a fractional balance left by
 * chat included); `error` for a new balance that is not a non-negative whole number (the control
 * plane would refuse it too, with less context).
 */
export function settingsChanges(
  account: Pick<ConsoleAccount, "subscription" | "strict_inputs" | "balance">,
  values: SettingsFormValues,
): { changes: UpdateAccountInput } | { error: string } {
  const changes: UpdateAccountInput = {};
  if (values.subscription !== account.subscription) {
    changes.subscription = values.subscription as NonNullable<UpdateAccountInput["subscription"]>;
  }
  if (values.strict_inputs !== account.strict_inputs) changes.strict_inputs = values.strict_inputs;
  const text = values.balance.trim();
  // Chat bills per token, so a balance can be fractional: untouched, it is no change (and no error).
  if (text === String(account.balance.credits)) return { changes };
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    return { error: "The balance must be a whole number of credits, 0 or more." };
  }
  if (Number(text) !== account.balance.credits) changes.balance_credits = Number(text);
  return { changes };
}
