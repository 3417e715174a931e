import type { components } from "../http/generated/control.js";

// Wire shapes of the control plane (sandbox-only, SPEC §5.4), named from sandbox.openapi.yaml's
// schemas (http/generated/control.ts): change the YAML, then `pnpm generate`.

type Schemas = components["schemas"];

/** Model access of a key. */
export type ModelAccessSetting = Schemas["ModelAccess"];

/** A key as the console shows it (never the secret). */
export type KeyRecord = Schemas["KeyRecord"];

/** What creating a key takes. */
export type KeyCreateInput = Schemas["KeyCreateInput"];

/** What editing a key takes. */
export type KeyUpdateInput = Schemas["KeyUpdateInput"];

/** The settings a key can be created or edited with (what `KeyCreateInput` and `KeyUpdateInput` share). */
export type KeySettingsInput = Omit<KeyUpdateInput, "name" | "scopes" | "disabled">;

/** What creating an account takes: its balance, plan and input policy (each optional). */
export type CreateAccountInput = Schemas["CreateAccountRequest"];

/** What changing an account's settings takes (at least one of them). */
export type UpdateAccountInput = Schemas["UpdateAccountRequest"];

/** A new account: its id and balance, its three keys (shown this once) and webhook secret. */
export type AccountCredentials = Schemas["AccountCredentials"];

/** An account in the console's list. */
export type AccountSummary = Schemas["AccountSummary"];

/** A generation request as the console shows it. */
export type RequestRecord = Schemas["RequestRecord"];

/** A chat completion as the console shows it: tokens and cost, never the messages or the reply. */
export type ChatRecord = Schemas["ChatRecord"];

/** An account's balance and each key's usage over the last 30 days of its clock. */
export type UsageReport = Schemas["UsageReport"];

/** One delivery of a webhook and its attempts. */
export type WebhookDelivery = Schemas["WebhookDelivery"];

/** A catalog entry as the console's model picker lists it (`GET /_sandbox/models`). */
export type CatalogSummary = Schemas["CatalogSummaryList"]["data"][number];

/** A reading of the sandbox clock. */
export type ClockReading = Schemas["ClockReading"];

/** One logged public API call (the request log, SPEC v3 §5.4). */
export type LogEntry = Schemas["LogEntry"];

/** An account's request log, newest first, and how many older entries the bound dropped. */
export type LogList = Schemas["LogList"];

/** What `listLogs` takes: `limit` (1–1000, default 100), `status` (`422` or `"4xx"`), `path` (a substring). */
export interface LogListOptions {
  limit?: number;
  status?: number | string;
  path?: string;
}
