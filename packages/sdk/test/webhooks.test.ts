import { createHmac } from "node:crypto";
import { createSandbox } from "@clipia/sandbox";
import { Clipia, verifyWebhook, WebhookVerificationError, type WebhookVerificationReason } from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { generation } from "./helpers.js";

// An independent signer (node:crypto, not the SDK's WebCrypto code) so a shared bug cannot pass.
const secret = "whsec_0123456789abcdefghijABCDEFGHIJ01";
const payload = JSON.stringify(generation({ id: "gen_hook" }));
const now = 1_800_000_000;
const sign = (t: number, body = payload, key = secret) => createHmac("sha256", key).update(`${t}.${body}`).digest("hex");
const header = (t: number, ...v1: string[]) => `t=${t},${(v1.length ? v1 : [sign(t)]).map((s) => `v1=${s}`).join(",")}`;

async function reason(promise: Promise<unknown>): Promise<WebhookVerificationReason | "resolved"> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError);
    return (error as WebhookVerificationError).reason;
  }
}

describe("verifyWebhook", () => {
  it("returns the parsed generation for a valid signature (Headers)", async () => {
    const headers = new Headers({ "Clipia-Signature": header(now) });
    const result = await verifyWebhook(payload, headers, secret, { now: now * 1000 });
    expect(result).toEqual(JSON.parse(payload));
  });

  it("accepts a Node-style header record, any case, string[] values, a Date for now", async () => {
    const result = await verifyWebhook(payload, { "clipia-signature": [header(now)], host: "x" }, secret, {
      now: new Date(now * 1000),
    });
    expect(result.id).toBe("gen_hook");
  });

  it("accepts any one of several v1 signatures (secret rotation)", async () => {
    const headers = { "Clipia-Signature": header(now, sign(now, payload, "whsec_old"), sign(now)) };
    await expect(verifyWebhook(payload, headers, secret, { now: now * 1000 })).resolves.toMatchObject({ id: "gen_hook" });
  });

  it.each<[string, () => Promise<unknown>, WebhookVerificationReason]>([
    ["a tampered body", () => verifyWebhook(payload.replace("gen_hook", "gen_evil"), { "clipia-signature": header(now) }, secret, { now: now * 1000 }), "invalid_signature"],
    ["a tampered timestamp", () => verifyWebhook(payload, { "clipia-signature": `t=${now + 1},v1=${sign(now)}` }, secret, { now: now * 1000 }), "invalid_signature"],
    ["the wrong secret", () => verifyWebhook(payload, { "clipia-signature": header(now) }, "whsec_other", { now: now * 1000 }), "invalid_signature"],
    ["a secret without its whsec_ prefix", () => verifyWebhook(payload, { "clipia-signature": header(now) }, secret.slice(6), { now: now * 1000 }), "invalid_signature"],
    ["no header", () => verifyWebhook(payload, {}, secret, { now: now * 1000 }), "missing_header"],
    ["an empty header", () => verifyWebhook(payload, new Headers({ "clipia-signature": "" }), secret), "missing_header"],
    ["no timestamp", () => verifyWebhook(payload, { "clipia-signature": `v1=${sign(now)}` }, secret), "malformed_header"],
    ["no v1", () => verifyWebhook(payload, { "clipia-signature": `t=${now},v0=abc` }, secret), "malformed_header"],
    ["garbage", () => verifyWebhook(payload, { "clipia-signature": "nonsense" }, secret), "malformed_header"],
    ["a timestamp 301 s old", () => verifyWebhook(payload, { "clipia-signature": header(now - 301) }, secret, { now: now * 1000 }), "timestamp_too_old"],
    ["a timestamp 301 s ahead", () => verifyWebhook(payload, { "clipia-signature": header(now + 301) }, secret, { now: now * 1000 }), "timestamp_in_future"],
    ["a signed non-JSON body", () => verifyWebhook("not json", { "clipia-signature": header(now, sign(now, "not json")) }, secret, { now: now * 1000 }), "invalid_payload"],
  ])("rejects %s", async (_name, call, expected) => {
    expect(await reason(call())).toBe(expected);
  });

  it("accepts a timestamp at the edge of the tolerance and honours a custom tolerance", async () => {
    const edge = { "clipia-signature": header(now - 300) };
    expect(await reason(verifyWebhook(payload, edge, secret, { now: now * 1000 }))).toBe("resolved");
    expect(await reason(verifyWebhook(payload, edge, secret, { now: now * 1000, tolerance: 60 }))).toBe("timestamp_too_old");
  });

  it("uses the real clock by default", async () => {
    const t = Math.floor(Date.now() / 1000);
    expect(await reason(verifyWebhook(payload, { "clipia-signature": header(t) }, secret))).toBe("resolved");
  });
});

describe("a real delivery from the sandbox", () => {
  it("verifies and parses what the sandbox signs; rejects it with another secret or a changed body", async () => {
    let deliver!: (request: Request) => void;
    const delivered = new Promise<Request>((resolve) => (deliver = resolve));
    const sandbox = createSandbox({
      fetch: async (request: Request) => {
        deliver(request);
        return new Response(null, { status: 204 });
      },
    });
    const clipia = new Clipia({ apiKey: sandbox.keys.test, fetch: (r) => sandbox.fetch(r) });
    const created = await clipia.generations.create("clipia-image-1", {
      input: { prompt: "a heron" },
      webhook_url: "http://127.0.0.1:9/hooks/clipia",
      metadata: { order: "7" },
    });

    const request = await delivered;
    expect(request.url).toBe("http://127.0.0.1:9/hooks/clipia");
    const body = await request.text();
    const generation = await verifyWebhook(body, request.headers, sandbox.webhookSecret, { now: sandbox.now() });
    expect(generation).toMatchObject({ id: created.id, status: "completed", metadata: { order: "7" } });

    const other = sandbox.createAccount().webhook_secret;
    expect(await reason(verifyWebhook(body, request.headers, other, { now: sandbox.now() }))).toBe("invalid_signature");
    expect(await reason(verifyWebhook(body.replace("a heron", "a crow"), request.headers, sandbox.webhookSecret, { now: sandbox.now() }))).toBe("invalid_signature");
    expect(await reason(verifyWebhook(body, request.headers, sandbox.webhookSecret, { now: sandbox.now() + 301_000 }))).toBe("timestamp_too_old");
  });
});
