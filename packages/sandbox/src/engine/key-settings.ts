import { findModel } from "../catalog/models.js";
import { invalidRequest } from "../http/errors.js";
import { unknownNameMessage } from "../http/options.js";
import type { Environment, Scope } from "./keys.js";
import { intervalMs } from "./rate-limit.js";
import type { ModelAccess, RateLimitSetting, StoredKey } from "./records.js";
import { parseIpRange } from "./ip-match.js";

// Validation of the console's key settings (SPEC §5.3/§5.4), shared by create and update; each
// throws a 400 `invalid_request` naming the field.

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const quote = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 64);

export function checkName(value: unknown): string {
  if (typeof value !== "string" || value.trim().length === 0 || value.length > 100) {
    throw invalidRequest("name must be a string of 1 to 100 characters.");
  }
  return value;
}

export function checkEnvironment(value: unknown): Environment {
  if (value !== "live" && value !== "test") throw invalidRequest('environment must be "live" or "test".');
  return value;
}

function checkScopes(value: unknown): Scope[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((s) => s !== "generate" && s !== "read")) {
    throw invalidRequest('scopes must be a non-empty array of "generate" and "read".');
  }
  return [...new Set(value as Scope[])];
}

function checkExpiresAt(value: unknown, now: number): number | null {
  if (value === null) return null;
  const time = typeof value === "string" && RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw invalidRequest("expires_at must be an RFC 3339 time or null.");
  if (time <= now) throw invalidRequest("expires_at must be in the future.");
  return time;
}

function checkCreditLimit(value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw invalidRequest("credit_limit must be a non-negative integer, or null.");
  }
  return value;
}

function checkRateLimit(value: unknown): RateLimitSetting {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidRequest('rate_limit must be {requests, interval} such as {"requests": 120, "interval": "1m"}.');
  }
  const { requests, interval = "1m", ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0)
    throw invalidRequest(
      unknownNameMessage("parameter", Object.keys(rest)[0] ?? "", ["requests", "interval"], "rate_limit"),
    );
  if (typeof requests !== "number" || !Number.isSafeInteger(requests) || requests < 1 || requests > 1_000_000) {
    throw invalidRequest("rate_limit.requests must be an integer from 1 to 1000000.");
  }
  if (typeof interval !== "string" || Number.isNaN(intervalMs(interval))) {
    throw invalidRequest('rate_limit.interval must be a duration such as "1m", "30s" or "1h".');
  }
  return { requests, interval };
}

function checkConcurrency(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > 1_000_000) {
    throw invalidRequest("concurrency must be an integer from 1 to 1000000.");
  }
  return value;
}

function checkModelAccess(value: unknown): ModelAccess {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidRequest('model_access must be {mode: "all"} or {mode: "include"|"exclude", models: [...]}.');
  }
  const { mode, models, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0)
    throw invalidRequest(
      unknownNameMessage("parameter", Object.keys(rest)[0] ?? "", ["mode", "models"], "model_access"),
    );
  if (mode === "all") {
    if (models !== undefined && (!Array.isArray(models) || models.length > 0)) {
      throw invalidRequest('model_access.models must be empty with mode "all".');
    }
    return { mode, models: [] };
  }
  if (mode !== "include" && mode !== "exclude")
    throw invalidRequest('model_access.mode must be "all", "include" or "exclude".');
  if (!Array.isArray(models) || models.length === 0)
    throw invalidRequest("model_access.models must be a non-empty array of model slugs.");
  for (const model of models) {
    if (typeof model !== "string" || !findModel(model))
      throw invalidRequest(`Unknown model in model_access.models: ${quote(model)}.`);
  }
  return { mode, models: [...new Set(models as string[])] };
}

function checkAllowedIps(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 100) {
    throw invalidRequest("allowed_ips must be an array of at most 100 IPv4/IPv6 addresses or CIDRs.");
  }
  for (const entry of value) {
    if (typeof entry !== "string" || parseIpRange(entry) === null) {
      throw invalidRequest(`Not an IPv4/IPv6 address or CIDR in allowed_ips: ${quote(entry)}.`);
    }
  }
  return [...(value as string[])];
}

function checkDisabled(value: unknown): boolean {
  if (typeof value !== "boolean") throw invalidRequest("disabled must be a boolean.");
  return value;
}

const SETTINGS = ["expires_at", "credit_limit", "rate_limit", "concurrency", "model_access", "allowed_ips"] as const;
/** Fields `createKey` accepts. */
export const CREATE_FIELDS: readonly string[] = ["name", "environment", "scopes", ...SETTINGS];
/** Fields `updateKey` accepts. */
export const UPDATE_FIELDS: readonly string[] = ["name", "scopes", "disabled", ...SETTINGS];

/** The validated settings of a create or update body (only those present). */
export function checkSettings(body: Record<string, unknown>, now: number): Partial<StoredKey> {
  const changes: Partial<StoredKey> = {};
  if (body.name !== undefined) changes.name = checkName(body.name);
  if (body.scopes !== undefined) changes.scopes = checkScopes(body.scopes);
  if (body.expires_at !== undefined) changes.expires_at = checkExpiresAt(body.expires_at, now);
  if (body.credit_limit !== undefined) changes.credit_limit = checkCreditLimit(body.credit_limit);
  if (body.rate_limit !== undefined) changes.rate_limit = checkRateLimit(body.rate_limit);
  if (body.concurrency !== undefined) changes.concurrency = checkConcurrency(body.concurrency);
  if (body.model_access !== undefined) changes.model_access = checkModelAccess(body.model_access);
  if (body.allowed_ips !== undefined) changes.allowed_ips = checkAllowedIps(body.allowed_ips);
  if (body.disabled !== undefined) changes.disabled = checkDisabled(body.disabled);
  return changes;
}
