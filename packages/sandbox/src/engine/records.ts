import type { GenerationError } from "../http/wire.js";
import type { FaultRecord } from "./faults.js";
import type { Environment, Scope } from "./keys.js";
import type { OutcomeRecord } from "./outcomes.js";

// What the store holds. Times are epoch ms on the sandbox clock of the record's account.
// The wire shapes (snake_case, RFC 3339 times) are built from these in api/ and console/.

/** Which models a key may use (sandbox-only console policy). */
export interface ModelAccess {
  mode: "all" | "include" | "exclude";
  models: string[];
}

/** A per-key request rate: `requests` per `interval` (`"1m"`, `"30s"`, `"1h"`). */
export interface RateLimitSetting {
  requests: number;
  interval: string;
}

/** An account's plan: without an active one, a live key's submit is 402 `subscription_required`. */
export type Subscription = "active" | "none";

/** An account (workspace), with what `reset({account_id})` restores it to. */
export interface StoredAccount {
  account_id: string;
  seq: number;
  balance_credits: number;
  webhook_secret: string;
  subscription: Subscription;
  /** Unknown input fields are a 422 rather than ignored with a warning (SPEC v3 §2). */
  strict_inputs: boolean;
  created_at: number;
  initial: {
    balance_credits: number;
    webhook_secret: string;
    subscription: Subscription;
    strict_inputs: boolean;
    keys: StoredKey[];
  };
}

/** A key as stored: the secret only as its SHA-256 `hash`. */
export interface StoredKey {
  id: string;
  seq: number;
  account_id: string;
  name: string;
  environment: Environment;
  scopes: Scope[];
  hash: string;
  redacted_value: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  credit_limit: number | null;
  credits_used: number;
  rate_limit: RateLimitSetting;
  concurrency: number;
  model_access: ModelAccess;
  allowed_ips: string[];
  disabled: boolean;
  revoked_at: number | null;
}

/** Terminal statuses. */
export type TerminalStatus = "COMPLETED" | "FAILED" | "CANCELED";

/** Every status of SPEC §2. */
export type RequestStatus = "IN_QUEUE" | "IN_PROGRESS" | TerminalStatus;

/** A generation request; `start_at`/`end_at` plan the live lifecycle on the account's clock. */
export interface StoredRequest {
  request_id: string;
  seq: number;
  account_id: string;
  key_id: string;
  environment: Environment;
  model: string;
  input: Record<string, unknown>;
  /** The input fields the model does not list, accepted and ignored (SPEC v3 §2); absent in older state files. */
  warnings?: string[];
  webhook_url: string | null;
  /** The base URL the submit came to (webhook outputs use it). */
  base_url: string;
  cost: number;
  /** Whether credits were reserved (live keys) and not yet refunded. */
  charged: boolean;
  created_at: number;
  start_at: number;
  end_at: number;
  /** How it will end when `end_at` comes. */
  outcome: TerminalStatus;
  /** Set once terminal. */
  status: TerminalStatus | null;
  completed_at: number | null;
  error: GenerationError | null;
}

/** A stored `Idempotency-Key` answer (only 2xx answers are kept). */
export interface StoredIdempotency {
  scope: string;
  key_id: string;
  fingerprint: string;
  created_at: number;
  status: number;
  body: string;
}

/** One delivery attempt of a webhook. */
export interface DeliveryAttempt {
  attempt: number;
  /** Sandbox time of the attempt. */
  at: number;
  /** The receiver's HTTP status, or null when there was none (network error, timeout). */
  status: number | null;
  error: string | null;
}

/** A webhook delivery and its attempts. */
export interface StoredDelivery {
  id: string;
  seq: number;
  account_id: string;
  request_id: string;
  url: string;
  event: "OK" | "ERROR";
  body: string;
  status: "pending" | "delivered" | "failed" | "not_sent";
  attempts: DeliveryAttempt[];
  next_attempt_at: number | null;
  created_at: number;
}

/** An injected fault, as stored (the control plane's record). */
export type StoredFault = FaultRecord;

/** A forced outcome, as stored (the control plane's record). */
export type StoredOutcome = OutcomeRecord;

/** Why a chat choice ended (OpenAI's values the sandbox produces). */
export type ChatFinishReason = "stop" | "length" | "tool_calls" | "content_filter";

/**
 * A chat completion (`POST /v1/chat/completions`, SPEC v3 §2.2): what `GET /v1/generation?id=`
 * answers, what usage and the balance count. The conversation itself is not kept.
 */
export interface StoredChat {
  /** `chatcmpl-` + 12 hex. */
  id: string;
  seq: number;
  account_id: string;
  key_id: string;
  environment: Environment;
  /** The text model's `id`. */
  model: string;
  streamed: boolean;
  /** How many choices were asked for (`n`). */
  choices: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** Credits, fractional (6 decimals): what it cost, or for a test key what live would charge. */
  cost: number;
  /** Whether `cost` was taken from the balance and the key (live keys). */
  charged: boolean;
  /** The first choice's. */
  finish_reason: ChatFinishReason;
  created_at: number;
}
