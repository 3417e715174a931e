import { describe, expect, it } from "vitest";
import { conformanceCases } from "./cases/index.js";

// Every code of SPEC §3's error table, and every key setting of SPEC §1, must be exercised by the
// shared table (so both transports prove it). Removing the last case for one makes this fail.
const SPEC_ERROR_CODES = [
  "invalid_request", "invalid_json", "conflicting_credentials", "parameter_immutable",
  "invalid_api_key",
  "insufficient_credits", "credit_limit_reached",
  "insufficient_scope", "admin_key_required", "api_key_required", "model_not_allowed", "ip_not_allowed",
  "not_found", "model_not_found", "generation_not_found", "key_not_found",
  "method_not_allowed", "payload_too_large", "unsupported_media_type",
  "idempotency_key_reused", "idempotency_request_in_progress", "generation_not_cancelable", "key_revoked", "key_expired",
  "rate_limited", "internal_error", "service_unavailable",
];
const KEY_SETTINGS = ["name", "environment", "scopes", "expires_at", "credit_limit", "model_access", "allowed_ips", "disabled"];
const INVALID_API_KEY_REASONS = ["missing", "malformed", "unknown", "revoked", "disabled", "expired"];

const steps = conformanceCases.flatMap((c) => c.steps);

describe("the conformance table", () => {
  it("expects every error code of SPEC §3", () => {
    const seen = new Set(steps.map((step) => step.expect?.code).filter(Boolean));
    expect(SPEC_ERROR_CODES.filter((code) => !seen.has(code))).toEqual([]);
  });

  it("checks each 401 reason by its message", () => {
    const messages = steps.filter((s) => s.expect?.code === "invalid_api_key" && s.expect.message).map((s) => String(s.expect!.message));
    expect(INVALID_API_KEY_REASONS.filter((reason) => !messages.some((m) => m.includes(reason)))).toEqual([]);
  });

  it("sets every key setting of SPEC §1 through the admin API", () => {
    const bodies = steps
      .filter((s) => (s.method === "POST" && s.path === "/v1/keys") || s.method === "PATCH")
      .map((s) => (typeof s.body === "function" ? {} : (s.body as Record<string, unknown>)));
    const set = new Set(bodies.flatMap((body) => Object.keys(body ?? {})));
    expect(KEY_SETTINGS.filter((setting) => !set.has(setting))).toEqual([]);
  });

  it("has unique case names", () => {
    const names = conformanceCases.map((c) => c.name);
    expect(names.length).toBe(new Set(names).size);
  });
});
