import type { HttpHandler } from "msw";
import { handleRequest } from "./app.js";
import { SandboxClock } from "./clock.js";
import {
  advanceClock,
  createAccount,
  initialStore,
  injectFault,
  reset,
  type SandboxAccountCredentials,
} from "./control-plane.js";
import type { FaultInput, FaultRecord } from "./faults.js";
import { settle } from "./generation-pipeline.js";
import { CORE, type CoreHandler, fromFetchRequest, toFetchResponse } from "./core-message.js";
import type { SandboxState, WebhookFetch } from "./state.js";
import { type SandboxKeys, type SandboxSnapshot, Store } from "./store.js";

/** Options of `createSandbox`. */
export interface SandboxOptions {
  /** Seed of every id, key and request id (default 42). */
  seed?: number | string;
  /** Base URL(s) the MSW handlers answer (default `https://api.clipia.ai` and `http://127.0.0.1:4010`). */
  baseUrl?: string | readonly string[];
  /** Client IP when the transport does not give one (default `127.0.0.1`), for `allowed_ips`. */
  clientIp?: string;
  /** The fetch that delivers webhooks (default `globalThis.fetch`). */
  fetch?: WebhookFetch;
}

/** Per-request context a transport passes to the core. */
export interface SandboxRequestContext {
  /** The client's IP address (the Node server passes the socket's). */
  clientIp?: string;
}

/** An in-memory Clipia API. */
export interface Sandbox {
  /** The core: answers a request. A `network_error` fault rejects with a TypeError, as fetch does. */
  fetch(input: RequestInfo | URL, init?: RequestInit & SandboxRequestContext): Promise<Response>;
  /** MSW handlers (one catch-all per base URL) for `setupServer` / `setupWorker`. */
  readonly handlers: HttpHandler[];
  /** The default account's keys. */
  readonly keys: SandboxKeys;
  /** The default account. */
  readonly account: { id: string; name: string; balance_credits: number };
  /** The default account's webhook secret (`whsec_…`). */
  readonly webhookSecret: string;
  /** Creates an isolated account with its four keys. */
  createAccount(options?: { balance_credits?: number }): SandboxAccountCredentials;
  /** Moves the sandbox clock forward (ms) and settles generations; returns the new time. */
  advanceClock(ms: number): { object: "sandbox.clock"; now: string };
  /** Makes the next matching requests fail. */
  injectFault(fault: FaultInput): FaultRecord;
  /** Back to the initial store for the seed (faults cleared; the clock never goes back). */
  reset(): void;
  /** The sandbox time in epoch ms. */
  now(): number;
  /** The store as JSON-serialisable data (no secret but the default keys). */
  snapshot(): SandboxSnapshot;
  /** Replaces the store with a snapshot. */
  restore(snapshot: SandboxSnapshot): void;
  /** Calls `listener` after any request or operation that changed the store; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

const DEFAULT_BASE_URLS = ["https://api.clipia.ai", "http://127.0.0.1:4010"];

type HandlersFactory = (core: CoreHandler, baseUrls: readonly string[], clientIp: () => string) => HttpHandler[];

function storeFromSnapshot(snapshot: SandboxSnapshot): Store {
  const store = new Store(snapshot.seed);
  store.counters = { ...snapshot.counters };
  for (const account of snapshot.accounts) store.accounts.set(account.id, structuredClone(account));
  // Oldest first, as the list indexes expect (a snapshot lists them in creation order already).
  for (const key of [...snapshot.keys].sort((a, b) => a.seq - b.seq)) store.addKey(structuredClone(key));
  for (const generation of [...snapshot.generations].sort((a, b) => a.seq - b.seq)) {
    store.addGeneration(structuredClone(generation));
    if (generation.status === "queued" || generation.status === "in_progress") store.pending.add(generation.id);
  }
  for (const record of snapshot.idempotency) store.idempotency.set(record.scope, structuredClone(record));
  return store;
}

/**
 * Builds a sandbox; `handlersFactory` supplies the MSW handlers (the Node server passes none, so
 * it never loads msw). Use `createSandbox` from the package root.
 */
export function buildSandbox(options: SandboxOptions = {}, handlersFactory?: HandlersFactory): Sandbox {
  const seed = String(options.seed ?? 42);
  const clock = new SandboxClock();
  const { store, defaults } = initialStore(seed, clock.now());
  const webhookFetch: WebhookFetch = options.fetch ?? ((request) => globalThis.fetch(request));
  const state: SandboxState = {
    seed,
    store,
    clock,
    faults: [],
    faultCounter: 0,
    requestCounter: 0,
    inFlight: new Map(),
    defaults,
    fetch: webhookFetch,
    clientIp: options.clientIp ?? "127.0.0.1",
    lastIdempotencySweep: 0,
  };
  const listeners = new Set<() => void>();

  // Runs an operation and tells the listeners when it changed the store.
  const tracked = <T>(operation: () => T): T => {
    const before = state.store.version;
    const store = state.store;
    const result = operation();
    if (state.store !== store || state.store.version !== before) for (const listener of listeners) listener();
    return result;
  };

  // A live generation moves on its own at its planned times (an unref'd timer where the runtime
  // has one), so webhooks fire even when nobody polls. advanceClock settles directly.
  state.wake = (atMs) => {
    const delay = Math.max(0, atMs - clock.now()) + 1;
    if (delay > 2_147_483_647) return;
    const timer: unknown = setTimeout(() => tracked(() => settle(state, clock.now())), delay);
    (timer as { unref?: () => void }).unref?.();
  };

  const core: CoreHandler = async (request, clientIp) => {
    const before = state.store.version;
    const store = state.store;
    try {
      return await handleRequest(state, request, clientIp);
    } finally {
      if (state.store !== store || state.store.version !== before) for (const listener of listeners) listener();
    }
  };

  const baseUrls = typeof options.baseUrl === "string" ? [options.baseUrl] : (options.baseUrl ?? DEFAULT_BASE_URLS);
  let handlers: HttpHandler[] | undefined;
  const defaultAccount = () => {
    const account = state.store.accounts.get(state.defaults.accountId);
    return { id: state.defaults.accountId, name: account?.name ?? "", balance_credits: account?.balance_credits ?? 0 };
  };

  const sandbox: Sandbox = {
    async fetch(input, init) {
      // A Request with only a context is used as is: transports (@hono/node-server) hand over
      // lightweight Request objects that undici cannot copy.
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
      if (!handlers) {
        if (!handlersFactory) throw new Error("MSW handlers are only available from createSandbox in @clipia/sandbox.");
        handlers = handlersFactory(core, [...baseUrls], () => state.clientIp);
      }
      return handlers;
    },
    get keys() {
      return { ...state.defaults.keys };
    },
    get account() {
      return defaultAccount();
    },
    get webhookSecret() {
      return state.defaults.webhookSecret;
    },
    createAccount: (accountOptions) => tracked(() => createAccount(state, accountOptions)),
    advanceClock: (ms) => tracked(() => advanceClock(state, ms)),
    injectFault: (fault) => injectFault(state, fault),
    reset: () => tracked(() => void reset(state)),
    now: () => clock.now(),
    snapshot() {
      tracked(() => settle(state, clock.now()));
      const s = state.store;
      return structuredClone({
        version: 1 as const,
        seed: state.seed,
        counters: s.counters,
        clock: { offset_ms: clock.offsetMs, last_ms: clock.lastMs },
        defaults: { account_id: state.defaults.accountId, keys: state.defaults.keys, webhook_secret: state.defaults.webhookSecret },
        accounts: [...s.accounts.values()],
        keys: [...s.keys.values()],
        generations: [...s.generations.values()],
        idempotency: [...s.idempotency.values()],
      });
    },
    restore(snapshot) {
      if (snapshot?.version !== 1) throw new TypeError("Unsupported sandbox snapshot (expected version 1).");
      const restored = storeFromSnapshot(snapshot);
      restored.version = state.store.version + 1;
      state.seed = snapshot.seed;
      state.store = restored;
      state.defaults = {
        accountId: snapshot.defaults.account_id,
        keys: { ...snapshot.defaults.keys },
        webhookSecret: snapshot.defaults.webhook_secret,
      };
      state.inFlight.clear();
      clock.offsetMs = snapshot.clock.offset_ms;
      clock.lastMs = Math.max(clock.lastMs, snapshot.clock.last_ms);
      for (const id of restored.pending) state.wake?.(restored.generations.get(id)?.end_at ?? 0);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  // Hidden from enumeration and from the public type: the Node server's fast path (no Fetch objects).
  Object.defineProperty(sandbox, CORE, { value: core });
  return sandbox;
}
