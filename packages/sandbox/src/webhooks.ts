import { invalidRequest } from "./errors.js";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

/** Validates `webhook_url`: https anywhere, or http on a loopback host only. */
export function checkWebhookUrl(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length > 2048) {
    throw invalidRequest("webhook_url", "webhook_url must be a URL string (at most 2048 characters).");
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidRequest("webhook_url", "webhook_url is not a valid URL.");
  }
  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK_HOSTS.has(host) || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) return value;
  throw invalidRequest("webhook_url", "webhook_url must use https (or http on a loopback host such as 127.0.0.1).");
}

const toHex = (buffer: ArrayBuffer) =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");

/**
 * The `Clipia-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`,
 * keyed by the whole `whsec_…` secret. Handy to build signed payloads in webhook tests.
 *
 * @example
 * ```ts
 * const body = JSON.stringify(generation);
 * const header = await signWebhook(body, sandbox.webhookSecret, Math.floor(Date.now() / 1000));
 * // → "t=1767225600,v1=5f2b…"
 * ```
 */
export async function signWebhook(body: string, secret: string, unixSeconds: number): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${unixSeconds}.${body}`));
  return `t=${unixSeconds},v1=${toHex(mac)}`;
}

/** POSTs a signed webhook, fire-and-forget: delivery errors are swallowed. */
export function deliverWebhook(
  fetchFn: (request: Request) => Promise<Response>,
  url: string,
  body: string,
  secret: string,
  unixSeconds: number,
): void {
  void (async () => {
    const signature = await signWebhook(body, secret, unixSeconds);
    const response = await fetchFn(
      new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json", "clipia-signature": signature, "user-agent": "Clipia-Webhooks/1.0" },
        body,
      }),
    );
    await response.body?.cancel();
  })().catch(() => undefined);
}
