import { createHmac } from "node:crypto";

// Facts of SPEC v2 that several test folders check, written down once and independently of the
// sandbox's sources (a test that reused the sandbox's own tables could not fail).

/** A UUID v4 (request ids, webhook ids). */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** An RFC 3339 UTC time. */
export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** A key the sandbox mints: prefix, then 32 base62 characters (SPEC §1 D). */
export const MINTED_KEY = /^clipia_(live|test)_[0-9A-Za-z]{32}$/;
/** Any full key, to find one leaking into a body or a log. */
export const FULL_KEY = /clipia_(?:live|test)_[0-9A-Za-z]{32}/;
/** The redacted form of a key (`clipia_live_…a1B2`). */
export const REDACTED_KEY = /^clipia_(live|test)_…[0-9A-Za-z]{4}$/;

/** SPEC §3: the error `type` of each code (console policies of §5.3 included). */
export const ERROR_TYPES: Record<string, string> = {
  invalid_request: "invalid_request_error",
  invalid_api_key: "authentication_error",
  insufficient_credits: "invalid_request_error",
  subscription_required: "invalid_request_error",
  insufficient_scope: "permission_error",
  model_not_allowed: "permission_error",
  ip_not_allowed: "permission_error",
  not_found: "invalid_request_error",
  idempotency_key_reuse: "invalid_request_error",
  request_in_progress: "invalid_request_error",
  model_input_invalid: "invalid_request_error",
  rate_limit_exceeded: "rate_limit_error",
  internal_error: "api_error",
  service_unavailable: "api_error",
};

/** The catalog's slugs (SPEC §5.2). */
export const IMAGE_MODELS = ["nano-banana-2", "nano-banana-pro", "flux-2-pro", "gpt-image-2"] as const;
export const VIDEO_MODELS = ["seedance-2-fast-t2v", "seedance-2-fast-i2v", "kling-3", "wan-2-7", "sora-2"] as const;
export const TEXT_MODELS = ["claude-sonnet-4-6", "gpt-5.5"] as const;

/** A model detail as the wire gives it (only what pricing needs). */
export interface PricedModel {
  pricing: { credits: number; credits_base: number; multipliers?: Record<string, Record<string, number>> };
  input_schema: Record<string, { default?: unknown }>;
}

/**
 * SPEC §2 D: `cost = round(credits_base × Π multipliers[field][value])`, each field at its
 * default when absent. Written from the spec, not from the sandbox.
 */
export function priceOf(model: PricedModel, input: Record<string, unknown>): number {
  let cost = model.pricing.credits_base;
  for (const [field, table] of Object.entries(model.pricing.multipliers ?? {})) {
    const value = field in input ? input[field] : model.input_schema[field]?.default;
    if (value === undefined) continue;
    const factor = table[String(value)];
    if (factor !== undefined) cost *= factor;
  }
  return Math.round(cost);
}

/** `X-Clipia-Signature: t=<unix>,v1=<hex>` parsed, or null. */
export function parseSignature(header: string | null | undefined): { t: number; v1: string } | null {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  return match ? { t: Number(match[1]), v1: match[2]! } : null;
}

/** SPEC §2: v1 = hex HMAC-SHA256 of `"<t>.<raw body>"` under the whole `whsec_…` string. */
export function expectedSignature(secret: string, t: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
}

/** True when the signature header is valid for this body under this secret. */
export function signatureValid(secret: string, header: string | null | undefined, rawBody: string): boolean {
  const parsed = parseSignature(header);
  return parsed !== null && parsed.v1 === expectedSignature(secret, parsed.t, rawBody);
}
