import type { ControlPlane } from "./control-plane.js";
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
  const base = url.replace(/\/+$/, "");
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const enc = encodeURIComponent;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetchFn(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text === "" ? undefined : (JSON.parse(text) as unknown);
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new SandboxControlError(response.status, error?.code ?? "unknown_error", error?.message ?? `HTTP ${response.status}`);
    }
    return parsed as T;
  }
  const data = async <T>(promise: Promise<{ data: T }>): Promise<T> => (await promise).data;
  // Options go to the server as given (body or query), so it refuses a misspelt name with a 400
  // naming the right one, exactly as in process: nothing is dropped or renamed here.
  const query = (options: object = {}) => {
    const entries = Object.entries(options).filter(([, value]) => value !== undefined);
    return entries.length === 0 ? "" : `?${new URLSearchParams(entries.map(([name, value]) => [name, String(value)]))}`;
  };
  const clockReading = async (body: object) => ({ now: (await call<ClockReading>("POST", "/_sandbox/clock/advance", body)).now });

  return {
    createAccount: (input = {}) => call("POST", "/_sandbox/accounts", input),
    listAccounts: () => data(call("GET", "/_sandbox/accounts")),
    createKey: (accountId, input) => call("POST", `/_sandbox/accounts/${enc(accountId)}/keys`, input),
    listKeys: (accountId) => data(call("GET", `/_sandbox/accounts/${enc(accountId)}/keys`)),
    updateKey: (keyId, patch) => call("PATCH", `/_sandbox/keys/${enc(keyId)}`, patch),
    revokeKey: (keyId) => call("DELETE", `/_sandbox/keys/${enc(keyId)}`),
    advanceClock: (ms, advanceOptions) => clockReading({ ...advanceOptions, ms }),
    advanceAllClocks: (ms) => clockReading({ ms, all: true }),
    now: async (nowOptions) => (await call<ClockReading>("GET", `/_sandbox/clock${query(nowOptions)}`)).now_ms,
    injectFault: (fault) => call("POST", "/_sandbox/faults", fault),
    forceOutcome: (input) => call("POST", "/_sandbox/outcomes", input),
    cancelRequest: (requestId) => call("POST", `/_sandbox/requests/${enc(requestId)}/cancel`),
    listRequests: (accountId) => data(call("GET", `/_sandbox/accounts/${enc(accountId)}/requests`)),
    usage: (accountId) => call("GET", `/_sandbox/accounts/${enc(accountId)}/usage`),
    webhookDeliveries: (deliveryOptions) => data(call("GET", `/_sandbox/webhooks${query(deliveryOptions)}`)),
    redeliverWebhook: (deliveryId) => call("POST", `/_sandbox/webhooks/${enc(deliveryId)}/redeliver`),
    rotateWebhookSecret: (accountId) => call("POST", `/_sandbox/accounts/${enc(accountId)}/webhook-secret/rotate`),
    reset: async (resetOptions) => {
      await call("POST", "/_sandbox/reset", resetOptions ?? {});
    },
    resetAll: async () => {
      await call("POST", "/_sandbox/reset", { all: true });
    },
  };
}
