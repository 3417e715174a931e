import type { HttpHandler } from "msw";
import type { ControlPlane } from "../control/control-plane.js";
import { createAccount, listAccounts, reset, rotateWebhookSecret, updateAccount, usage } from "../control/accounts.js";
import { redeliverWebhook, webhookDeliveries } from "../control/deliveries.js";
import { createKey, listKeys, revokeKey, updateKey } from "../control/keys.js";
import { listLogs } from "../control/logs.js";
import { listChats } from "../control/chats.js";
import { cancelRequest, listRequests } from "../control/requests.js";
import { advanceClock, forceOutcome, injectFault, readClock, scriptChatReplies } from "../control/simulation.js";
import { fromFetchRequest, toFetchResponse } from "../http/fetch-message.js";
import type { CoreHandler } from "../http/message.js";
import { handleRequest } from "./pipeline.js";
import { initialStore } from "../engine/accounts.js";
import { SandboxClock } from "../engine/clock.js";
import { bypassingFetch } from "../engine/deliver.js";
import { settleAccount, settleAll } from "../engine/lifecycle.js";
import { type SandboxSnapshot, snapshotOffsets, storeFromSnapshot, takeSnapshot } from "../engine/snapshot.js";
import type { SandboxState, WebhookFetch } from "../engine/state.js";
import { runDueDeliveries, stopDeliveries } from "../engine/webhooks.js";

/** Options of `createSandbox`. */
export interface SandboxOptions {
  /** Seed of every key, secret, account id and output (default 42: the keys printed in the docs). */
  seed?: number | string;
  /** Base URL(s) the MSW handlers answer (default `https://api.clipia.ai` and `http://127.0.0.1:4010`). */
  baseUrl?: string | readonly string[];
  /** Client IP when the transport gives none (default `127.0.0.1`), for the keys' IP allow-lists. */
  clientIp?: string;
  /** Delivers webhooks, to any URL (default: the global fetch, bypassing MSW, loopback hosts only). */
  fetch?: WebhookFetch;
  /** The sandbox clock reads `Date.now()` (+ the account's offset), so `vi.useFakeTimers` drives it. */
  followDateNow?: boolean;
  /**
   * Request and webhook delivery ids derive from the seed too, the same every run (for snapshot
   * tests). Default false: they are random UUIDs, unique across runs and restarts.
   */
  deterministic?: boolean;
}

/** An in-memory Clipia API: the core as `fetch`, MSW handlers, the default account, and the control plane. */
export interface Sandbox extends ControlPlane<"sync"> {
  /** The core: answers a request. A `network_error` fault rejects with a TypeError, as fetch does. */
  fetch(input: string | URL | Request, init?: RequestInit & { clientIp?: string }): Promise<Response>;
  /** MSW handlers (one catch-all per base URL) for `setupServer` / `setupWorker`. */
  readonly handlers: HttpHandler[];
  /** The default account's keys. */
  readonly keys: { live: string; test: string; test_read_only: string };
  /** The default account. */
  readonly account: { account_id: string; balance: { credits: number } };
  /** The default account's webhook signing secret (`whsec_…`). */
  readonly webhookSecret: string;
  /** The store as JSON-serialisable data (no key secret but the default keys). */
  snapshot(): SandboxSnapshot;
  /** Replaces the store with a snapshot. */
  restore(snapshot: SandboxSnapshot): void;
  /** Calls `listener` after anything changed the store; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

const DEFAULT_BASE_URLS = ["https://api.clipia.ai", "http://127.0.0.1:4010"];

type HandlersFactory = (core: CoreHandler, baseUrls: readonly string[], clientIp: () => string) => HttpHandler[];

/**
 * What a transport gives `buildSandbox`. Everything a transport needs of a sandbox is asked for
 * here, in the open, and handed back in `BuiltSandbox`: nothing is reached through hidden properties.
 */
interface SandboxHost {
  /** Builds the MSW handlers over the core (createSandbox passes msw's; the Node server none, so it never loads msw). */
  handlers?: HandlersFactory;
  /** Delivers webhooks when `options.fetch` is not given (the Node server: node:http). Default: the global fetch, bypassing MSW. */
  deliver?: WebhookFetch;
  /** Saves the store as it changes (the Node server's `--state` database). */
  persistence?: SandboxPersistence;
}

/** A store saved outside the process: where it starts from, and the hook that follows its changes. */
interface SandboxPersistence {
  /** The store saved last time, restored before the sandbox answers anything; undefined when there is none. */
  readonly saved: SandboxSnapshot | undefined;
  /** The error to throw when `saved` cannot be restored (it says which file, and that it was left untouched). */
  unreadable(cause: unknown): Error;
  /** Starts following the state; called once, after `saved` was restored. */
  attach(state: SandboxState): void;
}

/** A sandbox, and what only its transports use. */
export interface BuiltSandbox {
  readonly sandbox: Sandbox;
  /** The core, for a transport that adapts its own requests to `CoreRequest` (no Fetch objects per request). */
  readonly core: CoreHandler;
  /** Aborts the webhook attempts on the wire and sends no more: a server shutting down. */
  stopDeliveries(): void;
}

/**
 * Builds a sandbox for a transport (see `SandboxHost`). Use `createSandbox` from the package
 * root; the Node server calls this one, so that it loads no msw and keeps node:http deliveries.
 */
export function buildSandbox(options: SandboxOptions = {}, host: SandboxHost = {}): BuiltSandbox {
  const seed = String(options.seed ?? 42);
  const deterministic = options.deterministic ?? false;
  const clock = new SandboxClock({ followDateNow: options.followDateNow ?? false });
  const listeners = new Set<() => void>();
  const state: SandboxState = {
    seed,
    store: initialStore(seed, clock.now(), deterministic),
    clock,
    clientIp: options.clientIp ?? "127.0.0.1",
    deliver: options.fetch ?? host.deliver ?? bypassingFetch,
    deliverAnywhere: options.fetch !== undefined,
    inFlight: new Map(),
    rateWindows: new Map(),
    lastIdempotencySweep: 0,
    delivering: new Set(),
    changed() {
      // A replaced store (a restore, a whole-sandbox reset) is a change whatever its version.
      if (state.store === lastStore && state.store.version === lastVersion) return;
      lastStore = state.store;
      lastVersion = state.store.version;
      for (const listener of listeners) listener();
    },
  };
  let lastStore = state.store;
  let lastVersion = state.store.version;

  // Runs an operation and tells the listeners when it changed the store.
  const tracked = <T>(operation: () => T): T => {
    try {
      return operation();
    } finally {
      state.changed();
    }
  };

  const core: CoreHandler = async (request, clientIp) => {
    try {
      return await handleRequest(state, request, clientIp);
    } finally {
      state.changed();
    }
  };

  const baseUrls = typeof options.baseUrl === "string" ? [options.baseUrl] : (options.baseUrl ?? DEFAULT_BASE_URLS);
  let handlers: HttpHandler[] | undefined;
  const defaultAccount = () => state.store.accounts.get(state.store.defaultAccountId);

  const sandbox: Sandbox = {
    async fetch(input, init) {
      // A Request with only a context is used as is: transports hand over Request objects undici cannot copy.
      const { clientIp: _clientIp, ...requestInit } = init ?? {};
      const request =
        input instanceof Request && Object.keys(requestInit).length === 0 ? input : new Request(input, requestInit);
      const response = await core(fromFetchRequest(request), init?.clientIp ?? state.clientIp);
      if (response.status === 0) {
        // Shaped like undici's "fetch failed"; transports recognise it by `cause.code`.
        const cause = Object.assign(new Error("sandbox network_error fault: connection dropped"), {
          code: "SANDBOX_NETWORK_ERROR",
        });
        throw new TypeError("fetch failed", { cause });
      }
      return toFetchResponse(response);
    },
    get handlers() {
      if (!host.handlers) throw new Error("MSW handlers are only available from createSandbox in @clipia/sandbox.");
      handlers ??= host.handlers(core, [...baseUrls], () => state.clientIp);
      return handlers;
    },
    get keys() {
      return { ...state.store.defaultKeys };
    },
    get account() {
      const account = defaultAccount();
      return { account_id: state.store.defaultAccountId, balance: { credits: account?.balance_credits ?? 0 } };
    },
    get webhookSecret() {
      return defaultAccount()?.webhook_secret ?? "";
    },
    createAccount: (input) => tracked(() => createAccount(state, input)),
    listAccounts: () => listAccounts(state),
    updateAccount: (accountId, settings) => tracked(() => updateAccount(state, accountId, settings)),
    createKey: (accountId, input) => tracked(() => createKey(state, accountId, input)),
    listKeys: (accountId) => listKeys(state, accountId),
    updateKey: (keyId, patch) => tracked(() => updateKey(state, keyId, patch)),
    revokeKey: (keyId) => tracked(() => revokeKey(state, keyId)),
    advanceClock: (ms, advanceOptions) => tracked(() => ({ now: advanceClock(state, ms, advanceOptions).now })),
    advanceAllClocks: (ms) => tracked(() => ({ now: advanceClock(state, ms, { all: true }).now })),
    now: (nowOptions) => readClock(state, nowOptions).now_ms,
    injectFault: (fault) => tracked(() => injectFault(state, fault)),
    forceOutcome: (input) => tracked(() => forceOutcome(state, input)),
    scriptChatReplies: (input) => tracked(() => scriptChatReplies(state, input)),
    cancelRequest: (requestId) => tracked(() => cancelRequest(state, requestId)),
    listRequests: (accountId) => tracked(() => listRequests(state, accountId)),
    usage: (accountId) => tracked(() => usage(state, accountId)),
    listLogs: (accountId, logOptions) => listLogs(state, accountId, logOptions),
    listChats: (accountId) => listChats(state, accountId),
    webhookDeliveries: (deliveryOptions) => tracked(() => webhookDeliveries(state, deliveryOptions)),
    redeliverWebhook: (deliveryId) => tracked(() => redeliverWebhook(state, deliveryId)),
    rotateWebhookSecret: (accountId) => tracked(() => rotateWebhookSecret(state, accountId)),
    reset: (resetOptions) => tracked(() => reset(state, resetOptions)),
    resetAll: () => tracked(() => reset(state, { all: true })),
    snapshot() {
      tracked(() => settleAll(state));
      return takeSnapshot(state);
    },
    restore(snapshot) {
      const store = storeFromSnapshot(snapshot, deterministic);
      state.seed = snapshot.seed;
      state.store = store;
      state.inFlight.clear();
      state.rateWindows.clear();
      state.delivering.clear();
      clock.resetAll();
      const offsets = snapshotOffsets(snapshot);
      clock.globalOffset = offsets.global;
      for (const [accountId, offset] of Object.entries(offsets.accounts)) clock.offsets.set(accountId, offset);
      // Pending requests and deliveries move on by themselves again.
      for (const accountId of store.accounts.keys()) {
        for (const id of store.pending.get(accountId) ?? []) {
          const request = store.requests.get(id);
          if (request)
            clock.schedule(
              () => tracked(() => settleAccount(state, accountId)),
              request.end_at - clock.now(accountId) + 1,
            );
        }
        tracked(() => runDueDeliveries(state, accountId));
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  if (host.persistence) {
    const { saved } = host.persistence;
    if (saved !== undefined) {
      try {
        sandbox.restore(saved);
      } catch (error) {
        throw host.persistence.unreadable(error);
      }
    }
    host.persistence.attach(state);
  }
  return { sandbox, core, stopDeliveries: () => stopDeliveries(state) };
}
