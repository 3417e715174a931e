import { createHmac } from "node:crypto";
import {
  ClipiaConfigError,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "@clipia/sdk";
import { describe, expect, it } from "vitest";

const SECRET = "whsec_test_secret";
const NOW = 1_767_225_600; // seconds
const OK = {
  request_id: "764cabcf-b745-4b3e-ae38-1200304cf45b",
  status: "OK",
  payload: { model: "nano-banana-2", output: { images: [{ url: "https://media.clipia.ai/a.webp" }] }, cost: 4 },
};
const ERROR = {
  request_id: "764cabcf-b745-4b3e-ae38-1200304cf45b",
  status: "ERROR",
  error: { code: "GENERATION_FAILED", message: "upstream failed" },
};

/** Signed independently of the SDK (node:crypto), as SPEC §2 describes. */
function signed(body: string, { t = NOW, secret = SECRET } = {}) {
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return {
    "x-clipia-webhook-id": "1f2e3d4c-5b6a-7890-abcd-ef0123456789",
    "x-clipia-timestamp": String(t),
    "x-clipia-signature": `t=${t},v1=${v1}`,
  };
}

const verify = (body: string | Uint8Array, headers: Parameters<typeof verifyWebhook>[1], options = {}) =>
  verifyWebhook(body, headers, SECRET, { now: NOW * 1000, ...options });

describe("verifyWebhook accepts", () => {
  it.each([
    ["an OK event", OK],
    ["an ERROR event", ERROR],
  ])("%s and resolves it parsed", async (_name, event) => {
    const body = JSON.stringify(event);
    await expect(verify(body, signed(body))).resolves.toEqual(event);
  });

  it("the raw body as bytes (a Uint8Array, as a Buffer is)", async () => {
    const body = JSON.stringify({ ...OK, payload: { ...OK.payload, model: "ünïcode-✓" } });
    await expect(verify(Buffer.from(body), signed(body))).resolves.toMatchObject({ payload: { model: "ünïcode-✓" } });
    await expect(verify(new TextEncoder().encode(body), signed(body))).resolves.toMatchObject({ status: "OK" });
  });

  it("headers as Headers, or as a Node-style object with any case and array values", async () => {
    const body = JSON.stringify(OK);
    const headers = signed(body);
    await expect(verify(body, new Headers(headers))).resolves.toMatchObject({ status: "OK" });
    await expect(verify(body, { "X-Clipia-Signature": [headers["x-clipia-signature"]] })).resolves.toMatchObject({
      status: "OK",
    });
  });

  it("any one of several v1 signatures (a secret being rotated)", async () => {
    const body = JSON.stringify(OK);
    const good = signed(body)["x-clipia-signature"];
    const other = signed(body, { secret: "whsec_old" })["x-clipia-signature"].split(",")[1];
    await expect(verify(body, { "x-clipia-signature": `${good},${other}` })).resolves.toMatchObject({ status: "OK" });
    await expect(
      verify(body, { "x-clipia-signature": `t=${NOW},${other},${good.split(",")[1]}` }),
    ).resolves.toMatchObject({ status: "OK" });
  });

  it("a timestamp within the tolerance, either way", async () => {
    const body = JSON.stringify(OK);
    await expect(verify(body, signed(body, { t: NOW - 300 }))).resolves.toBeTruthy();
    await expect(verify(body, signed(body, { t: NOW + 300 }))).resolves.toBeTruthy();
    await expect(verify(body, signed(body, { t: NOW - 900 }), { tolerance: 1_000 })).resolves.toBeTruthy();
  });

  it("with the real clock by default", async () => {
    const body = JSON.stringify(OK);
    await expect(verifyWebhook(body, signed(body, { t: Math.floor(Date.now() / 1000) }), SECRET)).resolves.toBeTruthy();
  });
});

describe("verifyWebhook rejects", () => {
  const body = JSON.stringify(OK);
  const good = signed(body);
  const cases: Array<[string, string | Uint8Array, Record<string, string>, WebhookVerificationReason]> = [
    ["no signature header", body, { "x-clipia-timestamp": String(NOW) }, "missing_header"],
    ["an empty signature header", body, { "x-clipia-signature": "" }, "missing_header"],
    ["no t=", body, { "x-clipia-signature": good["x-clipia-signature"].split(",")[1]! }, "malformed_header"],
    ["no v1=", body, { "x-clipia-signature": `t=${NOW}` }, "malformed_header"],
    ["a v1 that is not 64 hex digits", body, { "x-clipia-signature": `t=${NOW},v1=abc` }, "malformed_header"],
    [
      "a non-numeric t",
      body,
      { "x-clipia-signature": `t=soon,${good["x-clipia-signature"].split(",")[1]}` },
      "malformed_header",
    ],
    ["a body changed by one byte", body.replace("nano", "mano"), good, "signature_mismatch"],
    ["a body re-serialised (spaces added)", JSON.stringify(OK, null, 1), good, "signature_mismatch"],
    ["another secret", body, signed(body, { secret: "whsec_other" }), "signature_mismatch"],
    [
      "a t changed after signing",
      body,
      { "x-clipia-signature": good["x-clipia-signature"].replace(`t=${NOW}`, `t=${NOW + 1}`) },
      "signature_mismatch",
    ],
    ["a timestamp 301 s old", body, signed(body, { t: NOW - 301 }), "timestamp_out_of_range"],
    ["a timestamp 301 s ahead", body, signed(body, { t: NOW + 301 }), "timestamp_out_of_range"],
    ["a body that is not JSON", "not json", signed("not json"), "invalid_payload"],
    ["JSON that is not an event", "[1,2]", signed("[1,2]"), "invalid_payload"],
    [
      "an OK event without payload",
      '{"request_id":"r","status":"OK"}',
      signed('{"request_id":"r","status":"OK"}'),
      "invalid_payload",
    ],
    [
      "an unknown status",
      '{"request_id":"r","status":"DONE","payload":{}}',
      signed('{"request_id":"r","status":"DONE","payload":{}}'),
      "invalid_payload",
    ],
    ["bytes that are not UTF-8", new Uint8Array([0xff, 0xfe]), signed("\uFFFD\uFFFD"), "signature_mismatch"],
  ];
  it.each(cases)("%s: %s", async (_name, raw, headers, reason) => {
    const error = await verify(raw, headers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as WebhookVerificationError).reason).toBe(reason);
  });

  it("invalid UTF-8 that is correctly signed: invalid_payload", async () => {
    const raw = new Uint8Array([0x7b, 0xff, 0x7d]);
    const v1 = createHmac("sha256", SECRET)
      .update(Buffer.concat([Buffer.from(`${NOW}.`), raw]))
      .digest("hex");
    const error = await verify(raw, { "x-clipia-signature": `t=${NOW},v1=${v1}` }).catch((e: unknown) => e);
    expect((error as WebhookVerificationError).reason).toBe("invalid_payload");
  });

  it.each(["", undefined])("an empty secret (%s) with ClipiaConfigError, never a DOMException", async (secret) => {
    const error = await verifyWebhook(body, good, secret as unknown as string).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClipiaConfigError);
  });
});
