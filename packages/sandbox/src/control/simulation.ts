import { invalidRequest } from "../http/errors.js";
import { checkOptions } from "../http/options.js";
import { toRfc3339 } from "../engine/clock.js";
import { buildFault, type FaultInput, type FaultRecord } from "../engine/faults.js";
import { settleAccount, settleAll } from "../engine/lifecycle.js";
import { buildOutcome, type OutcomeInput, type OutcomeRecord } from "../engine/outcomes.js";
import { buildReplyScript, type ChatRepliesInput, type ChatReplyScript } from "../engine/scripted-replies.js";
import type { SandboxState } from "../engine/state.js";
import { findAccount } from "./accounts.js";
import { scopeOf } from "./scope.js";
import type { ClockReading } from "./types.js";

// RFC 3339 has four-digit years; a year of margin keeps times computed from "now" printable.
const LATEST_CLOCK_MS = Date.UTC(9999, 0, 1) - 366 * 86_400_000;

/** The sandbox clock: `{account_id}`'s, or without options the global one. */
export function readClock(state: SandboxState, options?: { account_id?: string }): ClockReading {
  const { account_id: accountId } = checkOptions(options, ["account_id"]);
  const account = accountId === undefined ? undefined : findAccount(state, accountId);
  const now = state.clock.now(account?.account_id);
  return { now: toRfc3339(now), now_ms: now };
}

/**
 * Moves the clock forward — `{account_id}`: that account's; `{all: true}`: every account's — and
 * settles what finished meanwhile. Without either it moves nothing (400).
 */
export function advanceClock(
  state: SandboxState,
  ms: unknown,
  options: { account_id: string } | { all: true },
): ClockReading {
  const scope = scopeOf(checkOptions(options, ["account_id", "all"]), "advance the clock of");
  if (typeof ms !== "number" || !Number.isSafeInteger(ms) || ms < 0)
    throw invalidRequest("ms must be a non-negative integer.");
  const accountId = scope === "all" ? undefined : findAccount(state, scope.account_id).account_id;
  if (state.clock.now(accountId) + ms > LATEST_CLOCK_MS)
    throw invalidRequest("ms would move the sandbox clock past the year 9998.");
  const now = state.clock.advance(ms, accountId);
  if (accountId === undefined) settleAll(state);
  else settleAccount(state, accountId);
  state.store.touch();
  return { now: toRfc3339(now), now_ms: now };
}

/** Registers a fault for the next matching requests. */
export function injectFault(state: SandboxState, input: FaultInput): FaultRecord {
  if (input === null || typeof input !== "object") throw invalidRequest("The body must be a JSON object.");
  const fault = buildFault(input as Record<string, unknown>, state.store.nextId("flt"), (id) =>
    state.store.accounts.has(id),
  );
  state.store.addFault(fault);
  return { ...fault };
}

/**
 * Arms scripted replies for the next matching chat completions (SPEC v3 §5.4), one per
 * completion, in order; answers the script as armed.
 */
export function scriptChatReplies(state: SandboxState, input: ChatRepliesInput): ChatReplyScript {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw invalidRequest("The body must be a JSON object with replies.");
  const script = buildReplyScript(input as unknown as Record<string, unknown>, state.store.nextId("rpl"), (id) =>
    state.store.accounts.has(id),
  );
  state.store.addChatReplies(script);
  return structuredClone(script);
}

/** Makes the next matching submissions end as FAILED, CANCELED or SLOW. */
export function forceOutcome(state: SandboxState, input: OutcomeInput): OutcomeRecord {
  if (input === null || typeof input !== "object") throw invalidRequest("The body must be a JSON object.");
  const outcome = buildOutcome(input as unknown as Record<string, unknown>, state.store.nextId("out"), (id) =>
    state.store.accounts.has(id),
  );
  state.store.addOutcome(outcome);
  return { ...outcome };
}
