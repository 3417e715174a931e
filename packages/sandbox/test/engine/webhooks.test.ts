import { createHmac } from "node:crypto";
import { createSandbox, signWebhook } from "@clipia/sandbox";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, submit } from "./helpers.js";
import { startReceiver } from "./receiver.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

async function receiver(statuses: number[] = []) {
  const started = await startReceiver(statuses);
  closers.push(started.close);
  return started;
}

describe("webhooks", () => {
  it("signs t.body with HMAC-SHA256 under the account secret, with the real time", async () => {
    const hook = await receiver();
    const sandbox = createSandbox();
    const { keys, account, webhook_secret } = sandbox.createAccount();
    sandbox.advanceClock(3_600_000, { account_id: account.account_id });
    const submitted = await submit(sandbox, keys.test, "nano-banana-2", { prompt: "p" }, { webhook_url: hook.url });
    await vi.waitFor(() => expect(hook.received).toHaveLength(1));
    const { headers, body } = hook.received[0]!;
    const t = Number(headers["x-clipia-timestamp"]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
    const expected = createHmac("sha256", webhook_secret).update(`${t}.${body}`).digest("hex");
    expect(headers["x-clipia-signature"]).toBe(`t=${t},v1=${expected}`);
    expect(await signWebhook(body, webhook_secret, t)).toBe(headers["x-clipia-signature"]);
    expect(headers["x-clipia-webhook-id"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(JSON.parse(body)).toMatchObject({
      request_id: submitted.body.request_id,
      status: "OK",
      payload: {
        model: "nano-banana-2",
        cost: 4,
        output: {
          images: [
            {
              url: "https://api.clipia.ai/media/image/1024x1024.webp",
              original_url: "https://api.clipia.ai/media/image/1024x1024.png",
              width: 1024,
              height: 1024,
            },
          ],
        },
      },
    });
  });

  it("sends ERROR with the failure code", async () => {
    const hook = await receiver();
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount();
    sandbox.forceOutcome({ outcome: "FAILED", account_id: account.account_id });
    await submit(sandbox, keys.test, "flux-2-pro", { prompt: "p" }, { webhook_url: hook.url });
    await vi.waitFor(() => expect(hook.received).toHaveLength(1));
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ status: "ERROR", error: { code: "GENERATION_FAILED" } });
  });

  it("retries a failing receiver with exponential backoff on the clock, keeping the webhook id", async () => {
    const hook = await receiver([500, 503, 200]);
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount();
    const id = account.account_id;
    await submit(sandbox, keys.test, "flux-2-pro", { prompt: "p" }, { webhook_url: hook.url });
    const log = () => sandbox.webhookDeliveries({ account_id: id })[0]!;
    await vi.waitFor(() => expect(log().attempts).toBe(1));
    expect(log()).toMatchObject({ status: "pending", last_status: 500 });
    const first = Date.parse(log().history[0]!.at);
    expect(Date.parse(log().next_attempt_at!) - first).toBe(10_000);
    sandbox.advanceClock(9_000, { account_id: id });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log().attempts).toBe(1);
    sandbox.advanceClock(1_000, { account_id: id });
    await vi.waitFor(() => expect(log().attempts).toBe(2));
    expect(Date.parse(log().next_attempt_at!) - Date.parse(log().history[1]!.at)).toBe(20_000);
    sandbox.advanceClock(20_000, { account_id: id });
    await vi.waitFor(() => expect(log().status).toBe("delivered"));
    expect(log()).toMatchObject({ attempts: 3, last_status: 200, next_attempt_at: null });
    expect(new Set(hook.received.map((r) => r.headers["x-clipia-webhook-id"])).size).toBe(1);
  });

  it("gives up after 6 retries (7 attempts), then redelivers on demand", async () => {
    const hook = await receiver(Array<number>(7).fill(500));
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount();
    const id = account.account_id;
    await submit(sandbox, keys.test, "flux-2-pro", { prompt: "p" }, { webhook_url: hook.url });
    const log = () => sandbox.webhookDeliveries({ account_id: id })[0]!;
    for (let attempt = 1; attempt <= 7; attempt++) {
      await vi.waitFor(() => expect(log().attempts).toBe(attempt));
      sandbox.advanceClock(10_000 * 2 ** (attempt - 1), { account_id: id });
    }
    expect(log()).toMatchObject({ status: "failed", attempts: 7, next_attempt_at: null });
    sandbox.redeliverWebhook(log().id);
    await vi.waitFor(() => expect(log().status).toBe("delivered"));
    expect(hook.received).toHaveLength(8);
  });

  it("records a delivery to a non-loopback host as not sent", async () => {
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount();
    const submitted = await submit(
      sandbox,
      keys.test,
      "flux-2-pro",
      { prompt: "p" },
      { webhook_url: "https://example.com/hook" },
    );
    expect(submitted.status).toBe(200);
    expect(sandbox.webhookDeliveries({ account_id: account.account_id })).toMatchObject([
      { status: "not_sent", attempts: 0, url: "https://example.com/hook" },
    ]);
    expect(() => sandbox.redeliverWebhook(sandbox.webhookDeliveries()[0]!.id)).toThrow(/never sends/);
  });

  it("delivers any URL through the fetch option", async () => {
    const seen: Request[] = [];
    const sandbox = createSandbox({
      fetch: async (request) => {
        seen.push(request);
        return new Response(null, { status: 204 });
      },
    });
    await submit(
      sandbox,
      sandbox.keys.test,
      "flux-2-pro",
      { prompt: "p" },
      { webhook_url: "https://example.com/hook" },
    );
    await vi.waitFor(() => expect(sandbox.webhookDeliveries()[0]?.status).toBe("delivered"));
    expect(seen[0]?.url).toBe("https://example.com/hook");
  });

  it("rejects a webhook_url that is neither https nor loopback http (400)", async () => {
    const sandbox = createSandbox();
    const answer = await submit(
      sandbox,
      sandbox.keys.test,
      "flux-2-pro",
      { prompt: "p" },
      { webhook_url: "http://example.com/hook" },
    );
    expect(answer).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
  });

  it("still reaches a local receiver in process under MSW with onUnhandledRequest: error", async () => {
    const hook = await receiver();
    const sandbox = createSandbox();
    const server = setupServer(
      ...sandbox.handlers,
      http.get("https://unrelated.test/", () => HttpResponse.text("x")),
    );
    server.listen({ onUnhandledRequest: "error" });
    try {
      const response = await fetch("https://api.clipia.ai/v1/models/flux-2-pro", {
        method: "POST",
        headers: { authorization: `Bearer ${sandbox.keys.test}`, "content-type": "application/json" },
        body: JSON.stringify({ input: { prompt: "p" }, webhook_url: hook.url }),
      });
      expect(response.status).toBe(200);
      await vi.waitFor(() => expect(sandbox.webhookDeliveries()[0]?.status).toBe("delivered"));
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0]!.headers.accept ?? "").not.toContain("msw/passthrough");
    } finally {
      server.close();
    }
  });

  it("fires the live webhook when the request ends, without polling", async () => {
    const hook = await receiver();
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount();
    await submit(sandbox, keys.live, "flux-2-pro", { prompt: "p" }, { webhook_url: hook.url });
    expect(hook.received).toHaveLength(0);
    sandbox.advanceClock(15_000, { account_id: account.account_id });
    await vi.waitFor(() => expect(hook.received).toHaveLength(1));
    expect(await call(sandbox, keys.live, "GET", "/v1/account")).toMatchObject({
      body: { usage_30d: { requests: 1, credits_spent: 3 } },
    });
  });
});
