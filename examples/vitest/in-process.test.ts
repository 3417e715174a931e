import { once } from "node:events";
import { createServer } from "node:http";
import Clipia, {
  GenerationFailedError,
  InsufficientCreditsError,
  RateLimitError,
  verifyWebhook,
  type WebhookEvent,
} from "@clipia/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { sandbox } from "./msw-sandbox.js";

// One account for this file: its keys, requests, clock, faults and reset touch nothing else.
const { account, keys, webhook_secret } = sandbox.createAccount({ balance_credits: 500 });
const accountId = account.account_id;
afterEach(() => sandbox.reset({ account_id: accountId }));

// No baseUrl: the SDK calls https://api.clipia.ai, and MSW hands the request to the sandbox.
const test = new Clipia({ apiKey: keys.test });
const live = new Clipia({ apiKey: keys.live });
const balance = async () => (await live.account.retrieve()).balance.credits;

describe("the sandbox in process, behind MSW", () => {
  it("completes at once with a test key, charging nothing", async () => {
    const result = await test.subscribe("nano-banana-2", { input: { prompt: "a red fox in snow" } });
    expect(result.status).toBe("COMPLETED");
    expect(result.cost).toBe(4);
    expect(await balance()).toBe(500);
    const image = await fetch(result.output.images[0]!.url); // sample media, served offline
    expect(image.ok).toBe(true);
  });

  it("queues a live request and runs it on the account's clock", async () => {
    const submitted = await live.queue.submit("nano-banana-2", { input: { prompt: "clouds" } });
    expect(submitted.status).toBe("IN_QUEUE");
    expect(await balance()).toBe(500 - submitted.cost);
    sandbox.advanceClock(30_000, { account_id: accountId });
    const result = await live.queue.result(submitted.request_id);
    expect(result.pending).toBe(false);
    expect(result.status).toBe("COMPLETED");
  });

  it("refunds a forced failure", async () => {
    sandbox.forceOutcome({ outcome: "FAILED", account_id: accountId });
    const submitted = await live.queue.submit("nano-banana-2", { input: { prompt: "clouds" } });
    sandbox.advanceClock(30_000, { account_id: accountId });
    await expect(live.queue.wait(submitted.request_id, { pollInterval: 10 })).rejects.toBeInstanceOf(
      GenerationFailedError,
    );
    expect(await balance()).toBe(500);
  });

  it("charges once when a response is lost and the SDK retries", async () => {
    // retry_after: 0 so the SDK's retry goes at once (a 503 fault asks for 1 s by default).
    sandbox.injectFault({
      method: "POST",
      path: "/v1/models/*",
      status: 503,
      phase: "after",
      retry_after: 0,
      account_id: accountId,
    });
    const submitted = await live.queue.submit("nano-banana-2", { input: { prompt: "waves" } });
    expect(await balance()).toBe(500 - submitted.cost);
  });

  it("refuses what the balance cannot cover", async () => {
    const poor = sandbox.createAccount({ balance_credits: 5 });
    const client = new Clipia({ apiKey: poor.keys.live });
    await expect(client.queue.submit("kling-3", { input: { prompt: "x" } })).rejects.toBeInstanceOf(
      InsufficientCreditsError,
    );
  });

  it("surfaces an injected 429 once retries are off", async () => {
    sandbox.injectFault({ path: "/v1/account", status: 429, retry_after: 2, account_id: accountId });
    const error = await test.account.retrieve({ maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(2);
  });

  it("keeps injected 5xx faults fast: retry_after: 0 makes the SDK's retries immediate", async () => {
    // The SDK retries a 429 or 5xx (maxRetries 2 by default) after the Retry-After the answer
    // asks for; an injected 429 or 503 asks for 1 s unless the fault says otherwise, so two
    // retries would cost this test 2 s. retry_after: 0 answers Retry-After: 0 (on any status).
    sandbox.injectFault({ path: "/v1/account", status: 503, count: 2, retry_after: 0, account_id: accountId });
    const client = new Clipia({ apiKey: keys.test });
    const attempts: Array<[status: number, retryAfter: string | null]> = [];
    client.raw.use({
      onResponse: ({ response }) => void attempts.push([response.status, response.headers.get("retry-after")]),
    });
    const account = await client.account.retrieve();
    expect(account.account_id).toBe(accountId);
    // Two injected 503s, each retried at once, then the real answer: three attempts, one call.
    expect(attempts).toEqual([
      [503, "0"],
      [503, "0"],
      [200, null],
    ]);
  });

  it("or turns retries off: maxRetries: 0 surfaces the first injected 503", async () => {
    sandbox.injectFault({ path: "/v1/account", status: 503, account_id: accountId });
    const client = new Clipia({ apiKey: keys.test, maxRetries: 0 });
    let attempts = 0;
    client.raw.use({ onResponse: () => void attempts++ });
    await expect(client.account.retrieve()).rejects.toMatchObject({ status: 503 });
    expect(attempts).toBe(1);
  });

  it("delivers a signed webhook to a local receiver, even under onUnhandledRequest: error", async () => {
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        res.writeHead(204).end();
        receiver.emit("delivery", body, req.headers);
      });
    });
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    try {
      const { port } = receiver.address() as { port: number };
      const delivery = once(receiver, "delivery");
      const submitted = await test.queue.submit("nano-banana-2", {
        input: { prompt: "a kite" },
        webhook_url: `http://127.0.0.1:${port}/hook`,
      });
      const [body, headers] = await delivery;
      const event: WebhookEvent = await verifyWebhook(body, headers, webhook_secret);
      expect(event).toMatchObject({ request_id: submitted.request_id, status: "OK" });
    } finally {
      receiver.close();
    }
  });
});
