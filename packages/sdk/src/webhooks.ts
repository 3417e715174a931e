import { WebhookVerificationError } from "./errors.js";
import type { Generation } from "./types.js";

/** Headers as `Headers` (Fetch, Hono, Next) or a plain object (Node `req.headers`, Express). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** Seconds a timestamp may be off (in either direction). Default 300. */
  tolerance?: number | undefined;
  /** The current time (a Date or ms since the epoch). Default `Date.now()`. */
  now?: Date | number | undefined;
}

const SIGNATURE_HEADER = "clipia-signature";

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(",") : value;
  }
  return undefined;
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Compares without an early exit, so timing does not reveal how much of a guess was right. */
function timingSafeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

async function sign(secret: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toHex(await globalThis.crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

/**
 * Verifies a webhook delivery and returns the Generation it carries. Checks
 * `Clipia-Signature: t=<unix>,v1=<hex>` (HMAC-SHA256 of `${t}.${payload}` keyed by the whole
 * `whsec_…` secret; any one `v1` may match) and that `t` is within `tolerance` seconds of now.
 * Pass the raw body exactly as received, before any JSON parsing.
 *
 * @throws WebhookVerificationError with a `reason`.
 * @example
 * ```ts
 * app.post("/webhooks/clipia", async (c) => {
 *   const generation = await verifyWebhook(await c.req.text(), c.req.raw.headers, process.env.CLIPIA_WEBHOOK_SECRET!);
 *   console.log(generation.id, generation.status);
 *   return c.body(null, 204);
 * });
 * ```
 */
export async function verifyWebhook(
  payload: string,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Promise<Generation> {
  const signature = header(headers, SIGNATURE_HEADER);
  if (!signature) throw new WebhookVerificationError("missing_header", "Missing Clipia-Signature header.");

  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of signature.split(",")) {
    const [name, value] = part.trim().split("=", 2) as [string, string | undefined];
    if (name === "t" && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (name === "v1" && value && /^[0-9a-f]+$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (timestamp === undefined || candidates.length === 0) {
    throw new WebhookVerificationError(
      "malformed_header",
      "Malformed Clipia-Signature header: expected t=<unix seconds>,v1=<hex>.",
    );
  }

  const expected = await sign(secret, `${timestamp}.${payload}`);
  if (!candidates.some((candidate) => timingSafeEqual(candidate, expected))) {
    throw new WebhookVerificationError(
      "invalid_signature",
      "No v1 signature matches the payload: check the webhook secret and pass the raw body.",
    );
  }

  const tolerance = options.tolerance ?? 300;
  const now = Math.floor((options.now instanceof Date ? options.now.getTime() : (options.now ?? Date.now())) / 1000);
  if (now - timestamp > tolerance) {
    throw new WebhookVerificationError("timestamp_too_old", `Webhook timestamp is more than ${tolerance} s old.`);
  }
  if (timestamp - now > tolerance) {
    throw new WebhookVerificationError(
      "timestamp_in_future",
      `Webhook timestamp is more than ${tolerance} s in the future.`,
    );
  }

  try {
    return JSON.parse(payload) as Generation;
  } catch {
    throw new WebhookVerificationError("invalid_payload", "Webhook payload is not valid JSON.");
  }
}
