import type { RequestStatus } from "../http/wire.js";
import type { Environment, Scope } from "../engine/keys.js";
import type { KeyStatus } from "../engine/key-policy.js";

// Wire shapes of the control plane (sandbox-only, SPEC §5.4; described in sandbox.openapi.yaml).

/** Model access of a key. */
export interface ModelAccessSetting {
  mode: "all" | "include" | "exclude";
  models: string[];
}

/** A key as the console shows it (never the secret). */
export interface KeyRecord {
  id: string;
  account_id: string;
  name: string;
  environment: Environment;
  scopes: Scope[];
  redacted_value: string;
  status: KeyStatus;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  credit_limit: number | null;
  credits_used: number;
  rate_limit: { requests: number; interval: string };
  concurrency: number;
  model_access: ModelAccessSetting;
  allowed_ips: string[];
  disabled: boolean;
  revoked_at: string | null;
}

/** The settings a key can be created or edited with. */
export interface KeySettingsInput {
  /** RFC 3339 time, or null for never. */
  expires_at?: string | null;
  /** Credit budget, or null for none. */
  credit_limit?: number | null;
  rate_limit?: { requests: number; interval?: string };
  concurrency?: number;
  model_access?: { mode: "all" | "include" | "exclude"; models?: string[] };
  /** IPv4 / IPv6 addresses and CIDRs; empty = everyone. */
  allowed_ips?: string[];
}

/** What creating a key takes. */
export interface KeyCreateInput extends KeySettingsInput {
  name: string;
  environment: Environment;
  /** Default `["generate", "read"]`. */
  scopes?: Scope[];
}

/** What editing a key takes. */
export interface KeyUpdateInput extends KeySettingsInput {
  name?: string;
  scopes?: Scope[];
  disabled?: boolean;
}

/** A new account: its id and balance, its three keys (shown this once) and webhook secret. */
export interface AccountCredentials {
  account: { account_id: string; balance: { credits: number } };
  keys: { live: string; test: string; test_read_only: string };
  webhook_secret: string;
}

/** An account in the console's list. */
export interface AccountSummary {
  account_id: string;
  balance: { credits: number };
  created_at: string;
  is_default: boolean;
  keys: number;
  requests: number;
  /** The account's current webhook signing secret (the console's reveal / copy). */
  webhook_secret: string;
}

/** A generation request as the console shows it. */
export interface RequestRecord {
  request_id: string;
  account_id: string;
  key_id: string;
  environment: Environment;
  model: string;
  status: RequestStatus;
  queue_position: number | null;
  progress: number | null;
  input: Record<string, unknown>;
  webhook_url: string | null;
  cost: number;
  /** Whether the cost is currently taken from the balance (false for test keys and after a refund). */
  charged: boolean;
  error: { code: string; message: string } | null;
  /** The output once `COMPLETED` (the sample image or video), else null: the result's `output`. */
  output: Record<string, unknown> | null;
  created_at: string;
  completed_at: string | null;
}

/** An account's balance and each key's usage over the last 30 days of its clock. */
export interface UsageReport {
  account_id: string;
  balance: { credits: number };
  since: string;
  until: string;
  keys: Array<{
    key_id: string;
    name: string;
    environment: Environment;
    status: KeyStatus;
    requests: number;
    credits_spent: number;
  }>;
  total: { requests: number; credits_spent: number };
}

/** One delivery of a webhook and its attempts. */
export interface WebhookDelivery {
  id: string;
  account_id: string;
  request_id: string;
  url: string;
  event: "OK" | "ERROR";
  /** `not_sent`: a non-loopback URL the sandbox never sends to. */
  status: "pending" | "delivered" | "failed" | "not_sent";
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  history: Array<{ attempt: number; at: string; status: number | null; error: string | null }>;
  /** The JSON body sent (the same on every attempt). */
  payload: unknown;
}

/** A reading of the sandbox clock. */
export interface ClockReading {
  now: string;
  now_ms: number;
}
