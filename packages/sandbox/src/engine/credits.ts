import { ApiError } from "../http/errors.js";
import { roundCredits } from "./credit-amount.js";
import type { StoredAccount, StoredKey, StoredRequest } from "./records.js";
import type { Store } from "./store.js";

/**
 * 402 `subscription_required` when a live key's account has no active plan (SPEC v3 §5.4; Clipia's
 * providers doc: "with credits but no active plan the API returns 402 subscription_required").
 * The first step of the credits check: call it after the input checks and before `reserveCredits`,
 * so an account without a plan hears that, not that its balance is short. Test keys are never
 * refused: nothing is charged to them. The generation submit calls it, and so does chat.
 */
export function requireSubscription(account: StoredAccount, key: StoredKey): void {
  if (key.environment !== "live" || account.subscription !== "none") return;
  throw new ApiError(
    402,
    "subscription_required",
    "This account has credits but no active plan; live requests need an active subscription, and " +
      "topping up credits will not help. (Sandbox: PATCH /_sandbox/accounts/{account_id} " +
      '{"subscription": "active"}.)',
  );
}

/**
 * What a live key can still spend: the account's balance, or less when the key's budget
 * (`credit_limit`) has less left. Fractional once chat is used.
 */
export function spendableCredits(account: StoredAccount, key: StoredKey): number {
  const budgetLeft = key.credit_limit === null ? Number.POSITIVE_INFINITY : key.credit_limit - key.credits_used;
  return roundCredits(Math.max(0, Math.min(account.balance_credits, budgetLeft)));
}

/**
 * 402 `insufficient_credits` unless both the account balance and the key's budget cover `cost`.
 * Checked and reserved in one synchronous step, so concurrent submissions never overspend.
 * `cost` may be fractional (chat, SPEC v3 §2.2): every sum is rounded to 6 decimals.
 * `what` names the charge in the message ("this generation", "this chat request").
 */
export function reserveCredits(
  store: Store,
  account: StoredAccount,
  key: StoredKey,
  cost: number,
  what = "this generation",
): void {
  requireCredits(account, key, cost, what);
  store.updateAccount(account, { balance_credits: roundCredits(account.balance_credits - cost) });
  store.updateKey(key, { credits_used: roundCredits(key.credits_used + cost) });
}

/** 402 `insufficient_credits` unless the balance and the key's budget both cover `cost`; charges nothing. */
export function requireCredits(account: StoredAccount, key: StoredKey, cost: number, what: string): void {
  if (key.credit_limit !== null && roundCredits(key.credits_used + cost) > key.credit_limit) {
    const left = roundCredits(Math.max(0, key.credit_limit - key.credits_used));
    throw new ApiError(
      402,
      "insufficient_credits",
      `${capitalized(what)} costs ${cost} credits; this API key's budget has ${left} left.`,
    );
  }
  if (account.balance_credits < cost) {
    throw new ApiError(
      402,
      "insufficient_credits",
      `Not enough credits for ${what}: it costs ${cost}, the balance is ${account.balance_credits}.`,
    );
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Gives the reserved credits of a request back to its account and key. */
export function refund(store: Store, request: StoredRequest): void {
  if (!request.charged) return;
  store.updateRequest(request, { charged: false });
  const account = store.accounts.get(request.account_id);
  const key = store.keys.get(request.key_id);
  if (account) store.updateAccount(account, { balance_credits: roundCredits(account.balance_credits + request.cost) });
  if (key) store.updateKey(key, { credits_used: roundCredits(Math.max(0, key.credits_used - request.cost)) });
}
