import { invalidRequest } from "../http/errors.js";

/** Whom a reset or a clock move applies to: one account, or (only when asked for by name) all of them. */
type Scope = { account_id: string } | "all";

/**
 * The scope of checked options: `account_id`, or `all: true` for the whole sandbox. Neither is a
 * 400, so no forgotten or misspelt option can reach every account (SPEC §5.4).
 */
export function scopeOf(options: Record<string, unknown>, action: "reset" | "advance the clock of"): Scope {
  const { account_id: accountId, all } = options;
  if (all !== undefined && all !== true) throw invalidRequest("all must be true (or left out).");
  if (all === true) {
    if (accountId !== undefined) throw invalidRequest("Give account_id or all: true, not both.");
    return "all";
  }
  if (accountId === undefined || accountId === null) {
    const whole = action === "reset" ? "resetAll()" : "advanceAllClocks(ms)";
    throw invalidRequest(
      `account_id is required to ${action} one account; to ${action} the whole sandbox, call ${whole} (over HTTP: {"all": true}).`,
    );
  }
  if (typeof accountId !== "string") throw invalidRequest("account_id must be a string.");
  return { account_id: accountId };
}
