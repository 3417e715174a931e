import { toRfc3339 } from "./clock.js";
import { invalidRequest } from "./errors.js";
import { buildFault, type FaultInput, type FaultRecord } from "./faults.js";
import { settle } from "./generation-pipeline.js";
import { rejectUnknownFields, type RouteContext, type RouteDef, type RouteResult } from "./route.js";
import type { SandboxState } from "./state.js";
import { type SandboxKeys, Store } from "./store.js";

/** An account made by the control plane: `{account, keys, webhook_secret}` (the `--json` shape less `url`). */
export interface SandboxAccountCredentials {
  account: { id: string; name: string; balance_credits: number };
  keys: SandboxKeys;
  webhook_secret: string;
}

/** The default balance of a new account. */
export const DEFAULT_BALANCE = 1000;

function checkBalance(value: unknown): number {
  if (value === undefined) return DEFAULT_BALANCE;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw invalidRequest("balance_credits", "balance_credits must be a non-negative integer.");
  }
  return value;
}

/** A fresh store for a seed, with the default account and its keys. */
export function initialStore(seed: string, now: number): { store: Store; defaults: SandboxState["defaults"] } {
  const store = new Store(seed);
  const { account, keys } = store.createAccount(DEFAULT_BALANCE, now);
  return { store, defaults: { accountId: account.id, keys, webhookSecret: account.webhook_secret } };
}

/** Creates an isolated account with its four keys. */
export function createAccount(state: SandboxState, options: { balance_credits?: number } = {}): SandboxAccountCredentials {
  const balance = checkBalance(options.balance_credits);
  const { account, keys } = state.store.createAccount(balance, state.clock.now());
  return {
    account: { id: account.id, name: account.name, balance_credits: account.balance_credits },
    keys,
    webhook_secret: account.webhook_secret,
  };
}

// RFC 3339 has four-digit years; a year of margin keeps times computed from "now" printable.
const LATEST_CLOCK_MS = Date.UTC(9999, 0, 1) - 366 * 86_400_000;

/** Moves the sandbox clock forward and settles what finished meanwhile. */
export function advanceClock(state: SandboxState, ms: number): { object: "sandbox.clock"; now: string } {
  if (typeof ms !== "number" || !Number.isSafeInteger(ms) || ms < 0) {
    throw invalidRequest("ms", "ms must be a non-negative integer.");
  }
  // Checked before moving: past year 9999 no time is valid RFC 3339, and the clock never goes back.
  if (state.clock.now() + ms > LATEST_CLOCK_MS) {
    throw invalidRequest("ms", "ms would move the sandbox clock past the year 9998.");
  }
  const now = state.clock.advance(ms);
  settle(state, now);
  return { object: "sandbox.clock", now: toRfc3339(now) };
}

/** Registers a fault for the next matching requests. */
export function injectFault(state: SandboxState, input: FaultInput): FaultRecord {
  const fault = buildFault(input as Record<string, unknown>, `flt_${++state.faultCounter}`);
  state.faults.push(fault);
  return { ...fault };
}

/** Back to the initial store for the seed; faults cleared; the clock keeps running forward. */
export function reset(state: SandboxState): { object: "sandbox.reset"; now: string } {
  const now = state.clock.now();
  const { store, defaults } = initialStore(state.seed, now);
  store.version = state.store.version + 1;
  state.store = store;
  state.defaults = defaults;
  state.faults.length = 0;
  state.inFlight.clear();
  state.requestCounter = 0;
  return { object: "sandbox.reset", now: toRfc3339(now) };
}

const ok = (status: number, body: unknown): RouteResult => ({ status, body });
const route = (handler: (context: RouteContext) => RouteResult): RouteDef => ({ auth: "none", handler });

/** The `/_sandbox/*` routes (no auth). */
export const CONTROL_PLANE_ROUTES: ReadonlyArray<[string, string, RouteDef]> = [
  [
    "POST",
    "/_sandbox/accounts",
    route(({ state, body }) => {
      rejectUnknownFields(body, ["balance_credits"]);
      return ok(201, createAccount(state, { balance_credits: checkBalance(body?.balance_credits) }));
    }),
  ],
  [
    "POST",
    "/_sandbox/clock/advance",
    route(({ state, body }) => {
      rejectUnknownFields(body, ["ms"]);
      if (body?.ms === undefined) throw invalidRequest("ms", "ms is required.");
      return ok(200, advanceClock(state, body.ms as number));
    }),
  ],
  ["POST", "/_sandbox/faults", route(({ state, body }) => ok(201, injectFault(state, body ?? {})))],
  ["POST", "/_sandbox/reset", route(({ state }) => ok(200, reset(state)))],
];
