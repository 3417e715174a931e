import { CONSOLE_PATH } from "../http/paths.js";

// The control plane's operations (SPEC §5.4, sandbox-only), by their sandbox.openapi.yaml
// operationId, in one table: the HTTP routes (routes.ts, which gives each its handler) and
// connectSandbox's calls (connect.ts) both read their method and path from here, and
// test/layout/control-operations.test.ts checks it against the YAML both ways. It holds no
// handler, so that connectSandbox (and the console's browser bundle) loads none of the engine.

/** How an operation is reached over HTTP. */
export interface ControlOperation {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The path pattern, `:name` for a segment parameter (the YAML's `{name}`). */
  readonly path: string;
  /** Whether the route takes a JSON body (the YAML gives it a `requestBody`). */
  readonly readsBody: boolean;
}

/** Every operation of sandbox.openapi.yaml but `getSandboxMedia` (the sample media, served as a public route). */
export const CONTROL_OPERATIONS = {
  getSandboxConsole: { method: "GET", path: CONSOLE_PATH, readsBody: false },
  listSandboxModels: { method: "GET", path: "/_sandbox/models", readsBody: false },
  listSandboxAccounts: { method: "GET", path: "/_sandbox/accounts", readsBody: false },
  createSandboxAccount: { method: "POST", path: "/_sandbox/accounts", readsBody: true },
  updateSandboxAccount: { method: "PATCH", path: "/_sandbox/accounts/:account_id", readsBody: true },
  listSandboxKeys: { method: "GET", path: "/_sandbox/accounts/:account_id/keys", readsBody: false },
  createSandboxKey: { method: "POST", path: "/_sandbox/accounts/:account_id/keys", readsBody: true },
  listSandboxRequests: { method: "GET", path: "/_sandbox/accounts/:account_id/requests", readsBody: false },
  listSandboxLogs: { method: "GET", path: "/_sandbox/accounts/:account_id/logs", readsBody: false },
  listSandboxChats: { method: "GET", path: "/_sandbox/accounts/:account_id/chats", readsBody: false },
  getSandboxUsage: { method: "GET", path: "/_sandbox/accounts/:account_id/usage", readsBody: false },
  rotateSandboxWebhookSecret: {
    method: "POST",
    path: "/_sandbox/accounts/:account_id/webhook-secret/rotate",
    readsBody: false,
  },
  updateSandboxKey: { method: "PATCH", path: "/_sandbox/keys/:key_id", readsBody: true },
  revokeSandboxKey: { method: "DELETE", path: "/_sandbox/keys/:key_id", readsBody: false },
  getSandboxClock: { method: "GET", path: "/_sandbox/clock", readsBody: false },
  advanceSandboxClock: { method: "POST", path: "/_sandbox/clock/advance", readsBody: true },
  injectSandboxFault: { method: "POST", path: "/_sandbox/faults", readsBody: true },
  forceSandboxOutcome: { method: "POST", path: "/_sandbox/outcomes", readsBody: true },
  scriptSandboxChatReplies: { method: "POST", path: "/_sandbox/chat/replies", readsBody: true },
  cancelSandboxRequest: { method: "POST", path: "/_sandbox/requests/:request_id/cancel", readsBody: false },
  listSandboxWebhookDeliveries: { method: "GET", path: "/_sandbox/webhooks", readsBody: false },
  redeliverSandboxWebhook: { method: "POST", path: "/_sandbox/webhooks/:delivery_id/redeliver", readsBody: false },
  resetSandbox: { method: "POST", path: "/_sandbox/reset", readsBody: true },
} as const satisfies Record<string, ControlOperation>;

/** The operationId of a control-plane operation. */
export type ControlOperationId = keyof typeof CONTROL_OPERATIONS;
