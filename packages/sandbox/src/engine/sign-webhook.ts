const toHex = (buffer: ArrayBuffer) =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");

/**
 * The `X-Clipia-Signature` value of SPEC §2: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`,
 * keyed by the whole `whsec_…` secret. Web Crypto only. Handy to build signed payloads in tests.
 *
 * @example
 * ```ts
 * const body = JSON.stringify({ request_id: "…", status: "OK", payload: { model: "nano-banana-2", output: {}, cost: 4 } });
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
