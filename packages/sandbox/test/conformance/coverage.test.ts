import { describe, expect, it } from "vitest";
import { conformanceCases } from "./cases/index.js";
import type { HttpStep } from "./types.js";

// The rows of SPEC v2 §1–§3 and §5 that the shared table must prove on both transports. A row
// is proved by a case that lists it in `covers`; removing the last such case makes this fail.
const SPEC_ROWS = [
  // §1 credentials
  "three auth schemes",
  "scheme word case-insensitive",
  "conflicting headers 400",
  "WWW-Authenticate",
  "401 missing",
  "401 malformed",
  "401 unknown",
  "401 revoked",
  "401 disabled",
  "401 expired",
  "403 insufficient_scope",
  "no scope needed to read",
  "revocation immediate",
  "messages sanitised",
  "GET /v1/key",
  // §2 endpoints and semantics
  "submit live",
  "submit test",
  "status always 200",
  "result 202 pending",
  "result 200 terminal",
  "lifecycle image 30 s",
  "lifecycle video 120 s",
  "queue position down",
  "progress up",
  "outcome FAILED refund",
  "outcome CANCELED refund",
  "outcome SLOW",
  "outcome test key",
  "console cancel",
  "estimate == charged",
  "pricing formula",
  "input policy accepts Clipia's examples",
  "text model 400",
  "GET /v1/models",
  "GET /v1/models/{model}",
  "GET /v1/account",
  "test output fixed",
  "media downloadable",
  "422 model_input_invalid",
  "400 bad JSON",
  "400 non-object",
  "400 unknown top-level field",
  "webhook_url rule",
  "404 unknown model",
  "404 unknown request",
  "404 cross-environment",
  "404 cross-account",
  "404 unknown path",
  "no cancel / list / key API",
  "idempotency replay no charge",
  "idempotency_key_reuse",
  "request_in_progress",
  "idempotency only 2xx kept",
  "idempotency key length 255/256",
  "idempotency scoped to key",
  "idempotency kept 24 h",
  "usage_30d window",
  "RateLimit headers",
  "429 rate_limit_exceeded",
  "429 Retry-After",
  "rate limit window",
  "test key rate limit",
  "live concurrency limit",
  "402 balance",
  "402 key budget",
  "402 subscription_required",
  "402 subscription_required before insufficient_credits",
  "webhook headers",
  "webhook signature",
  "webhook OK payload",
  "webhook ERROR payload",
  "webhook retries backoff 6",
  "webhook non-loopback not sent",
  // §2.2 the AI gateway (v3)
  "chat completion",
  "chat deterministic",
  "chat streaming",
  "chat 400",
  "chat 404 unknown model",
  "chat 401",
  "chat 403 insufficient_scope",
  "chat 429",
  "chat 402",
  "chat billing",
  "chat faults",
  "GET /v1/generation",
  "GET /v1/generation 404",
  // §3 errors
  "405 Allow",
  "413",
  "415",
  "500 internal_error",
  "503 service_unavailable",
  "check order",
  // §5.3 console policies, §5.4 control plane
  "403 model_not_allowed",
  "403 ip_not_allowed",
  "ip allow-list IPv4/IPv6/CIDR",
  "key status order",
  "key status exhausted",
  "keys CRUD",
  "disable / enable",
  "key expiry",
  "POST /_sandbox/accounts",
  "GET /_sandbox/accounts",
  "PATCH /_sandbox/accounts/{account_id}",
  "reset restores account settings",
  "POST /_sandbox/accounts/{account_id}/keys",
  "GET /_sandbox/accounts/{account_id}/keys",
  "PATCH /_sandbox/keys/{key_id}",
  "DELETE /_sandbox/keys/{key_id}",
  "POST /_sandbox/clock/advance",
  "GET /_sandbox/clock",
  "clock advance per account",
  "POST /_sandbox/faults",
  "faults scoped",
  "delay_ms fault",
  "POST /_sandbox/outcomes",
  "outcomes scoped",
  "POST /_sandbox/requests/{request_id}/cancel",
  "GET /_sandbox/webhooks",
  "redeliver",
  "rotate secret",
  "POST /_sandbox/reset",
  "reset one account",
  "Origin refusal",
  "GET /_sandbox/accounts/{account_id}/requests",
  "GET /_sandbox/accounts/{account_id}/usage",
];

// Every code of SPEC §3's table and the two console codes of §5.3.
const CODES = [
  "invalid_request",
  "invalid_api_key",
  "insufficient_credits",
  "subscription_required",
  "insufficient_scope",
  "not_found",
  "idempotency_key_reuse",
  "request_in_progress",
  "model_input_invalid",
  "rate_limit_exceeded",
  "internal_error",
  "service_unavailable",
  "model_not_allowed",
  "ip_not_allowed",
];

const steps = conformanceCases.flatMap((c) => c.steps).filter((s): s is HttpStep => "method" in s);

describe("the conformance table", () => {
  it("proves every SPEC row it lists", () => {
    const covered = new Set(conformanceCases.flatMap((c) => c.covers));
    expect(SPEC_ROWS.filter((row) => !covered.has(row))).toEqual([]);
  });

  it("expects every error code", () => {
    const seen = new Set(steps.map((step) => step.expect.code).filter(Boolean));
    expect(CODES.filter((code) => !seen.has(code))).toEqual([]);
  });

  it("checks each 401 reason by its message", () => {
    const messages = steps
      .filter((s) => s.expect.code === "invalid_api_key" && s.expect.message)
      .map((s) => String(s.expect.message));
    expect(
      ["missing", "malformed", "unknown", "revoked", "disabled", "expired"].filter(
        (reason) => !messages.some((m) => m.includes(reason)),
      ),
    ).toEqual([]);
  });

  it("has unique case names", () => {
    const names = conformanceCases.map((c) => c.name);
    expect(names.length).toBe(new Set(names).size);
  });
});
