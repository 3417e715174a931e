import { callerOf, type RouteContext, type RouteResult } from "../core/route.js";
import type { StoredRequest } from "../engine/records.js";
import type { SandboxState } from "../engine/state.js";

/** 30 days of sandbox clock. */
export const USAGE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** A key's use over the 30 days before `now`: its requests, and the credits they kept (refunds excluded). */
export function keyUsage(state: SandboxState, accountId: string, keyId: string, now: number): { requests: number; credits_spent: number } {
  let requests = 0;
  let credits = 0;
  for (const request of state.store.requests.values()) {
    if (request.account_id !== accountId || request.key_id !== keyId || request.created_at <= now - USAGE_WINDOW_MS) continue;
    requests += 1;
    credits += spentOn(request);
  }
  return { requests, credits_spent: credits };
}

/** Credits a request cost its account: the reservation, unless refunded or never charged (test keys). */
export function spentOn(request: StoredRequest): number {
  return request.charged ? request.cost : 0;
}

/** `GET /v1/account`: the account's balance and the calling key's usage over the last 30 days. */
export function getAccount(context: RouteContext): RouteResult {
  const { key, account } = callerOf(context);
  return {
    status: 200,
    body: {
      account_id: account.account_id,
      balance: { credits: account.balance_credits },
      usage_30d: keyUsage(context.state, account.account_id, key.id, context.now),
    },
  };
}
