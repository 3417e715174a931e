import { ClipiaConfigError, WebhookVerificationError } from "./errors.js";
import type { components } from "./generated/schema.js";

/** A delivery for a `COMPLETED` request: `{request_id, status: "OK", payload: {model, output, cost}}`. */
export type WebhookOkEvent = components["schemas"]["WebhookOk"];
/** A delivery for a `FAILED` / `CANCELED` request: `{request_id, status: "ERROR", error: {code, message}}`. */
export type WebhookErrorEvent = components["schemas"]["WebhookError"];
/** What {@link verifyWebhook} resolves: narrow it on `status`. */
export type WebhookEvent = WebhookOkEvent | WebhookErrorEvent;

/** Headers as `Headers` (Fetch, Hono, Next) or a plain object (Node's `req.headers`, Express). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** Seconds the signed timestamp may be away from now, either way. Default 300. */
  tolerance?: number | undefined;
  /** The current time (a Date or ms since the epoch). Default `Date.now()`. */
  now?: Date | number | undefined;
}

const encoder = new TextEncoder();

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof headers.get === "function") return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(",") : value;
  }
  return undefined;
}

const fail = (reason: WebhookVerificationError["reason"], message: string): never => {
  throw new WebhookVerificationError(reason, message);
};

/**
 * Verifies a webhook delivery and resolves the event it carries. Checks
 * `X-Clipia-Signature: t=<unix>,v1=<hex>` (HMAC-SHA256 of `"<t>.<raw body>"` under the whole
 * `whsec_…` secret; any one `v1` may match, compared in constant time), then that `t` is within
 * `tolerance` seconds of now, then the body's shape. Pass the raw body exactly as received.
 * Web Crypto only: runs on Node, Bun, Deno and edge runtimes.
 *
 * @throws WebhookVerificationError with a `reason`; `ClipiaConfigError` for an empty secret.
 * @example
 * ```ts
 * app.post("/webhooks/clipia", async (c) => {
 *   const event = await verifyWebhook(await c.req.text(), c.req.raw.headers, process.env.CLIPIA_WEBHOOK_SECRET!);
 *   if (event.status === "OK") console.log(event.request_id, event.payload.output);
 *   return c.body(null, 204);
 * });
 * ```
 */
export async function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  { tolerance = 300, now = Date.now() }: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  if (typeof secret !== "string" || !secret) {
    throw new ClipiaConfigError("verifyWebhook needs the webhook signing secret (whsec_…); it was empty.");
  }
  const signature = header(headers, "x-clipia-signature");
  if (!signature) fail("missing_header", "Missing X-Clipia-Signature header.");

  let t = "";
  const candidates: string[] = [];
  for (const part of signature!.split(",")) {
    const [name, value = ""] = part.trim().split("=", 2);
    if (name === "t" && /^\d{1,12}$/.test(value)) t = value;
    else if (name === "v1" && /^[\da-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (!t || !candidates.length)
    fail("malformed_header", "Malformed X-Clipia-Signature header: expected t=<unix seconds>,v1=<hex>.");

  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  const prefix = encoder.encode(`${t}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const expected = Array.from(new Uint8Array(await crypto.subtle.sign("HMAC", key, message)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
  // Every candidate is compared in full, without an early exit, so timing reveals nothing.
  let match = false;
  for (const candidate of candidates) {
    let diff = 0;
    for (let i = 0; i < 64; i++) diff |= candidate.charCodeAt(i) ^ expected.charCodeAt(i);
    match ||= diff === 0;
  }
  if (!match)
    fail("signature_mismatch", "No v1 signature matches: check the webhook secret and pass the raw body, unparsed.");

  const seconds = Math.floor(+now / 1000);
  if (Math.abs(seconds - Number(t)) > tolerance) {
    fail(
      "timestamp_out_of_range",
      `The signed timestamp is more than ${tolerance} s away from now: a replay, or a wrong clock.`,
    );
  }

  let event = null as { request_id?: unknown; status?: unknown; payload?: unknown; error?: unknown } | null;
  try {
    event = JSON.parse(
      typeof rawBody === "string" ? rawBody : new TextDecoder("utf-8", { fatal: true }).decode(rawBody),
    );
  } catch {}
  if (
    typeof event?.request_id !== "string" ||
    !(event.status === "OK"
      ? typeof event.payload === "object" && event.payload
      : event.status === "ERROR" && typeof event.error === "object" && event.error)
  ) {
    fail("invalid_payload", "The webhook body is not a Clipia event ({request_id, status: OK | ERROR, …}).");
  }
  return event as unknown as WebhookEvent;
}
