import { roundCredits } from "../engine/credit-amount.js";
import { callerOf, type RouteContext, type RouteResult } from "../engine/route-context.js";

/** `GET /v1/key`: the calling key, OpenRouter-style (`limit` is its credit budget, null when none). */
export function getKey(context: RouteContext): RouteResult {
  const { key } = callerOf(context);
  const limit = key.credit_limit;
  return {
    status: 200,
    body: {
      data: {
        label: key.name,
        usage: key.credits_used,
        limit,
        limit_remaining: limit === null ? null : roundCredits(Math.max(0, limit - key.credits_used)),
        rate_limit: { ...key.rate_limit },
      },
    },
  };
}
