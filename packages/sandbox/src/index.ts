// @clipia/sandbox: the real Clipia API, offline. Runs anywhere fetch does (no Node-only import).

// Creating a sandbox
export { createSandbox } from "./create-sandbox.js";
export type { Sandbox, SandboxOptions } from "./app/sandbox.js";
export type { ControlPlane, ControlPlaneResult } from "./control/control-plane.js";
export type { SandboxSnapshot } from "./engine/snapshot.js";
export type { WebhookFetch } from "./engine/state.js";

// The control plane over HTTP (sandbox-only)
export { connectSandbox, SandboxControlError } from "./control/connect.js";
export type { ConnectSandboxOptions, RemoteSandbox } from "./control/connect.js";

// Control-plane records and inputs (sandbox-only)
export type {
  AccountCredentials,
  AccountSummary,
  ChatRecord,
  ClockReading,
  CreateAccountInput,
  KeyCreateInput,
  KeyRecord,
  KeySettingsInput,
  KeyUpdateInput,
  LogEntry,
  LogList,
  LogListOptions,
  ModelAccessSetting,
  RequestRecord,
  UpdateAccountInput,
  UsageReport,
  WebhookDelivery,
} from "./control/types.js";
export type { KeyStatus } from "./engine/key-policy.js";
export type { FaultInput, FaultRecord } from "./engine/faults.js";
export type { OutcomeInput, OutcomeRecord } from "./engine/outcomes.js";
export type { ChatRepliesInput, ChatReplyScript, ScriptedReply } from "./engine/scripted-replies.js";
export type { ResultResponse, RequestStatus } from "./http/wire.js";
export type { Environment, Scope } from "./engine/keys.js";

// The embedded catalog
export { CATALOG } from "./catalog/models.js";
export type {
  CatalogEntry,
  GenerationCatalogEntry,
  InputField,
  ModelPricing,
  TextCatalogEntry,
} from "./catalog/types.js";

// Key format and webhook signing, as the API does them
export { KEY_PREFIXES } from "./engine/keys.js";
export { signWebhook } from "./engine/sign-webhook.js";
