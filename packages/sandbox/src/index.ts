// @clipia/sandbox: the Clipia API in memory. Runs anywhere fetch does (no Node-only import).

// Creating a sandbox
export { createSandbox } from "./create-sandbox.js";
export type { Sandbox, SandboxOptions, SandboxRequestContext } from "./sandbox.js";
export type { SandboxAccountCredentials } from "./control-plane.js";
export type { FaultInput, FaultRecord } from "./faults.js";
export type { SandboxKeys, SandboxSnapshot } from "./store.js";
// The records a snapshot holds, and the fetch that delivers webhooks
export type { AccountRecord, GenerationRecord, GenerationStatus, IdempotencyRecord, KeyRecord, ModelAccess, Scope } from "./store.js";
export type { WebhookFetch } from "./state.js";

// The default catalog
export { DEFAULT_CATALOG } from "./catalog.js";
export type { CatalogModel } from "./catalog.js";

// Key format helpers
export { KEY_PREFIXES, keyChecksum, parseKeyKind } from "./keys.js";
export type { KeyKind } from "./keys.js";

// Webhook signing, as the API does it
export { signWebhook } from "./webhooks.js";
