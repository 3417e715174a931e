import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createSandbox } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import { Clipia, verifyWebhook, WebhookVerificationError } from "@clipia/sdk";
import { describe, expect, it } from "vitest";

/** Polls `check` until it returns something (webhooks are sent after the answer). */
async function eventually<T>(check: () => T | undefined, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("verifyWebhook on deliveries the sandbox sends", () => {
  it("in process: captured through createSandbox's fetch option, OK and ERROR events", async () => {
    const deliveries: Array<{ body: Uint8Array; headers: Headers; url: string }> = [];
    const sandbox = createSandbox({
      fetch: async (request) => {
        deliveries.push({
          body: new Uint8Array(await request.arrayBuffer()),
          headers: request.headers,
          url: request.url,
        });
        return new Response(null, { status: 204 });
      },
    });
    const clipia = new Clipia({ apiKey: sandbox.keys.test, fetch: (request) => sandbox.fetch(request) });
    const webhook_url = "https://hooks.example.com/clipia";

    const ok = await clipia.queue.submit("nano-banana-2", { input: { prompt: "x" }, webhook_url });
    const first = await eventually(() => deliveries[0]);
    expect(first.url).toBe(webhook_url);
    const event = await verifyWebhook(first.body, first.headers, sandbox.webhookSecret);
    expect(event).toMatchObject({ request_id: ok.request_id, status: "OK", payload: { model: "nano-banana-2" } });
    if (event.status === "OK") expect("images" in event.payload.output).toBe(true);
    expect(first.headers.get("x-clipia-webhook-id")).toMatch(/^[0-9a-f-]{36}$/);

    sandbox.forceOutcome({ outcome: "FAILED" });
    const failed = await clipia.queue.submit("nano-banana-2", { input: { prompt: "y" }, webhook_url });
    const second = await eventually(() => deliveries[1]);
    await expect(
      verifyWebhook(new TextDecoder().decode(second.body), second.headers, sandbox.webhookSecret),
    ).resolves.toEqual({
      request_id: failed.request_id,
      status: "ERROR",
      error: { code: "GENERATION_FAILED", message: expect.any(String) },
    });

    const wrong = await verifyWebhook(first.body, first.headers, "whsec_not_the_secret").catch((e: unknown) => e);
    expect((wrong as WebhookVerificationError).reason).toBe("signature_mismatch");
    const rotated = sandbox.rotateWebhookSecret(sandbox.account.account_id).webhook_secret;
    await expect(verifyWebhook(first.body, first.headers, rotated)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it("over TCP: the sandbox server posts to a local receiver", async () => {
    const received: Array<{ body: string; headers: IncomingHttpHeaders }> = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        received.push({ body, headers: req.headers });
        res.writeHead(204).end();
      });
    }).listen(0, "127.0.0.1");
    await once(receiver, "listening");
    const server = await startSandboxServer({ port: 0 });
    try {
      const clipia = new Clipia({ apiKey: server.sandbox.keys.test, baseUrl: server.url });
      const webhook_url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const { request_id } = await clipia.queue.submit("kling-3", { input: { prompt: "x" }, webhook_url });
      const delivery = await eventually(() => received[0]);
      // A Node `req.headers` object and the raw body string, as an Express handler has them.
      const event = await verifyWebhook(delivery.body, delivery.headers, server.sandbox.webhookSecret);
      expect(event).toMatchObject({ request_id, status: "OK", payload: { model: "kling-3" } });
    } finally {
      await server.close();
      receiver.close();
    }
  });
});
