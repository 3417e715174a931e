import { ApiError } from "../http/errors.js";
import type { StoredKey } from "./records.js";
import { isIpAllowed } from "./ip-match.js";

// The console's key policies (SPEC §5.3, sandbox-only). A real key has none of them; a sandbox
// key created without settings behaves exactly like one.

/** Key status, by precedence: revoked > disabled > expired > exhausted > active. */
export type KeyStatus = "revoked" | "disabled" | "expired" | "exhausted" | "active";

/** The status of a key at `now`. */
export function keyStatus(key: StoredKey, now: number): KeyStatus {
  if (key.revoked_at !== null) return "revoked";
  if (key.disabled) return "disabled";
  if (key.expires_at !== null && key.expires_at <= now) return "expired";
  if (key.credit_limit !== null && key.credits_used >= key.credit_limit) return "exhausted";
  return "active";
}

const REALM = 'Bearer realm="clipia"';

/** A 401 `invalid_api_key` with its challenge. */
export function unauthorized(message: string, keySent: boolean): ApiError {
  return new ApiError(401, "invalid_api_key", message, {
    "www-authenticate": keySent ? `${REALM}, error="invalid_token"` : REALM,
  });
}

/** 401 for a revoked, disabled or expired key (the message says which). An exhausted key passes: its answer is a 402. */
export function checkKeyUsable(key: StoredKey, now: number): void {
  const status = keyStatus(key, now);
  if (status === "revoked") throw unauthorized(`The API key ${key.redacted_value} has been revoked.`, true);
  if (status === "disabled") throw unauthorized(`The API key ${key.redacted_value} is disabled.`, true);
  if (status === "expired") throw unauthorized(`The API key ${key.redacted_value} has expired.`, true);
}

/** 403 `ip_not_allowed` when the key has an allow-list that excludes the client. */
export function checkIp(key: StoredKey, clientIp: string): void {
  if (!isIpAllowed(key.allowed_ips, clientIp)) {
    throw new ApiError(
      403,
      "ip_not_allowed",
      `Requests from ${clientIp.slice(0, 64)} are not allowed for this API key (sandbox-only policy).`,
    );
  }
}

/** Whether the key's model access lets it use a model. */
function isModelAllowed(key: StoredKey, slug: string): boolean {
  const { mode, models } = key.model_access;
  if (mode === "all") return true;
  return mode === "include" ? models.includes(slug) : !models.includes(slug);
}

/** 403 `model_not_allowed` when the key may not use the model. */
export function checkModelAccess(key: StoredKey, slug: string): void {
  if (!isModelAllowed(key, slug)) {
    throw new ApiError(403, "model_not_allowed", `This API key may not use the model ${slug} (sandbox-only policy).`);
  }
}
