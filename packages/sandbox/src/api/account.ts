import { callerOf, type RouteContext, type RouteResult } from "../engine/route-context.js";
import { keyUsage } from "../engine/usage.js";

/** `GET /v1/account`: the account's balance and the calling key's usage over the last 30 days. */
export function getAccount(context: RouteContext): RouteResult {
  const { key, account } = callerOf(context);
  return {
    status: 200,
    body: {
      account_id: account.account_id,
      balance: { credits: account.balance_credits },
      usage_30d: keyUsage(context.state.store, key.id, context.now),
    },
  };
}
