import { findModel } from "./catalog.js";
import { echo, invalidRequest } from "./errors.js";
import { parseIpRange } from "./ip-match.js";
import type { ModelAccess, Scope } from "./store.js";

// Validation of the key settings of SPEC §1, shared by create and update. Each throws a 400
// naming the parameter.

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

export function checkName(value: unknown): string {
  if (typeof value !== "string" || value.trim().length === 0 || value.length > 100) {
    throw invalidRequest("name", "name must be a string of 1 to 100 characters.");
  }
  return value;
}

export function checkEnvironment(value: unknown): "live" | "test" {
  if (value !== "live" && value !== "test") throw invalidRequest("environment", 'environment must be "live" or "test".');
  return value;
}

export function checkScopes(value: unknown): Scope[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidRequest("scopes", 'scopes must be a non-empty array of "generate" and "read".');
  }
  value.forEach((scope, index) => {
    if (scope !== "generate" && scope !== "read") {
      throw invalidRequest(`scopes.${index}`, 'Each scope must be "generate" or "read".');
    }
  });
  return [...new Set(value as Scope[])];
}

export function checkExpiresAt(value: unknown, now: number): number | null {
  if (value === null) return null;
  const time = typeof value === "string" && RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw invalidRequest("expires_at", "expires_at must be an RFC 3339 time or null.");
  if (time <= now) throw invalidRequest("expires_at", "expires_at must be in the future.");
  return time;
}

export function checkCreditLimit(value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw invalidRequest("credit_limit", "credit_limit must be an integer of at least 1, or null.");
  }
  return value;
}

export function checkModelAccess(value: unknown): ModelAccess {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidRequest("model_access", 'model_access must be {mode: "all"} or {mode: "include"|"exclude", models: [...]}.');
  }
  const { mode, models, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw invalidRequest(`model_access.${extra}`, `Unknown parameter: model_access.${extra}.`);
  if (mode === "all") {
    if (models !== undefined) throw invalidRequest("model_access.models", 'models is not allowed with mode "all".');
    return { mode };
  }
  if (mode !== "include" && mode !== "exclude") {
    throw invalidRequest("model_access.mode", 'model_access.mode must be "all", "include" or "exclude".');
  }
  if (!Array.isArray(models) || (mode === "include" && models.length === 0)) {
    throw invalidRequest("model_access.models", "model_access.models must be a non-empty array of model ids.");
  }
  models.forEach((model, index) => {
    if (typeof model !== "string" || !findModel(model)) {
      throw invalidRequest(`model_access.models.${index}`, `Unknown model: ${echo(JSON.stringify(model) ?? "")}.`);
    }
  });
  return { mode, models: [...new Set(models as string[])] };
}

export function checkAllowedIps(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 100) {
    throw invalidRequest("allowed_ips", "allowed_ips must be an array of at most 100 IP addresses or CIDRs.");
  }
  value.forEach((entry, index) => {
    if (typeof entry !== "string" || parseIpRange(entry) === null) {
      throw invalidRequest(`allowed_ips.${index}`, `Not an IPv4/IPv6 address or CIDR: ${echo(JSON.stringify(entry) ?? "")}.`);
    }
  });
  return [...(value as string[])];
}

export function checkDisabled(value: unknown): boolean {
  if (typeof value !== "boolean") throw invalidRequest("disabled", "disabled must be a boolean.");
  return value;
}
