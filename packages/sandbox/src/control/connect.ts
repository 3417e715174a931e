import type { ControlPlane } from "./control-plane.js";
import { CONTROL_OPERATIONS, type ControlOperationId } from "./operations.js";
import type { ClockReading } from "./types.js";

/** A sandbox server's control plane over HTTP: the in-process methods, each returning a Promise. */
export type RemoteSandbox = ControlPlane<"async">;

/** Options of `connectSandbox`. */
export interface ConnectSandboxOptions {
  /** The fetch to call the server with (default the global fetch). */
  fetch?: typeof fetch;
}

/** A control-plane call the server refused: its status and the `{error: {type, code, message}}` envelope. */
export class SandboxControlError extends Error {
  override readonly name = "SandboxControlError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The typed control plane of a running sandbox server (`clipia-sandbox`, `startSandboxServer`), for
 * suites that test against it. Every method maps to one `/_sandbox/*` call of sandbox.openapi.yaml.
 *
 * @example
 * ```ts
 * const control = connectSandbox("http://127.0.0.1:4010");
 * const { keys, account } = await control.createAccount({ balance_credits: 100 });
 * await control.advanceClock(60_000, { account_id: account.account_id });
 * await control.reset({ account_id: account.account_id });
 * ```
 */
export function connectSandbox(url: string, options: ConnectSandboxOptions = {}): RemoteSandbox {
  const call = controlCaller(url, options.fetch);
  const data = async <T>(promise: Promise<{ data: T }>): Promise<T> => (await promise).data;
  const clockReading = async (body: object) => {
    const reading = await call<ClockReading>("advanceSandboxClock", { body });
    return { now: reading.now };
  };

  return {
    createAccount: (input = {}) => call("createSandboxAccount", { body: input }),
    listAccounts: () => data(call("listSandboxAccounts")),
    updateAccount: (accountId, settings) =>
      call("updateSandboxAccount", { path: { account_id: accountId }, body: settings }),
    createKey: (accountId, input) => call("createSandboxKey", { path: { account_id: accountId }, body: input }),
    listKeys: (accountId) => data(call("listSandboxKeys", { path: { account_id: accountId } })),
    updateKey: (keyId, patch) => call("updateSandboxKey", { path: { key_id: keyId }, body: patch }),
    revokeKey: (keyId) => call("revokeSandboxKey", { path: { key_id: keyId } }),
    advanceClock: (ms, advanceOptions) => clockReading({ ...advanceOptions, ms }),
    advanceAllClocks: (ms) => clockReading({ ms, all: true }),
    now: async (nowOptions) => (await call<ClockReading>("getSandboxClock", { query: nowOptions })).now_ms,
    injectFault: (fault) => call("injectSandboxFault", { body: fault }),
    forceOutcome: (input) => call("forceSandboxOutcome", { body: input }),
    scriptChatReplies: (input) => call("scriptSandboxChatReplies", { body: input }),
    cancelRequest: (requestId) => call("cancelSandboxRequest", { path: { request_id: requestId } }),
    listRequests: (accountId) => data(call("listSandboxRequests", { path: { account_id: accountId } })),
    usage: (accountId) => call("getSandboxUsage", { path: { account_id: accountId } }),
    listLogs: (accountId, logOptions) =>
      call("listSandboxLogs", { path: { account_id: accountId }, query: logOptions }),
    listChats: (accountId) => data(call("listSandboxChats", { path: { account_id: accountId } })),
    webhookDeliveries: (deliveryOptions) => data(call("listSandboxWebhookDeliveries", { query: deliveryOptions })),
    redeliverWebhook: (deliveryId) => call("redeliverSandboxWebhook", { path: { delivery_id: deliveryId } }),
    rotateWebhookSecret: (accountId) => call("rotateSandboxWebhookSecret", { path: { account_id: accountId } }),
    reset: async (resetOptions) => {
      await call("resetSandbox", { body: resetOptions ?? {} });
    },
    resetAll: async () => {
      await call("resetSandbox", { body: { all: true } });
    },
  };
}

/** What one control-plane call sends: the path's parameters, the query options, the JSON body. */
interface ControlCallInit {
  path?: Record<string, string>;
  query?: object;
  body?: unknown;
}

/** Calls one operation of the table and answers its parsed JSON; a refusal throws `SandboxControlError`. */
type ControlCaller = <T>(operationId: ControlOperationId, init?: ControlCallInit) => Promise<T>;

/**
 * The one way the control plane is called over HTTP (connectSandbox, the console): the method and
 * path come from the operation table. Not exported from the package root.
 */
export function controlCaller(url: string, fetchOption?: typeof fetch): ControlCaller {
  const base = url.replace(/\/+$/, "");
  const fetchFn = fetchOption ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  return async <T>(operationId: ControlOperationId, init: ControlCallInit = {}): Promise<T> => {
    const { method, path } = CONTROL_OPERATIONS[operationId];
    const { body } = init;
    const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(init.path?.[name] ?? ""));
    const response = await fetchFn(`${base}${filled}${query(init.query)}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text === "" ? undefined : (JSON.parse(text) as unknown);
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new SandboxControlError(
        response.status,
        error?.code ?? "unknown_error",
        error?.message ?? `HTTP ${response.status}`,
      );
    }
    return parsed as T;
  };
}

// Options go to the server as given (body or query), so it refuses a misspelt name with a 400
// naming the right one, exactly as in process: nothing is dropped or renamed here.
function query(options: object = {}): string {
  const entries = Object.entries(options).filter(([, value]) => value !== undefined);
  return entries.length === 0 ? "" : `?${new URLSearchParams(entries.map(([name, value]) => [name, String(value)]))}`;
}
