import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signatureValid, UUID_V4 } from "../support/wire.js";

// Webhooks through the fetch given to createSandbox (SPEC §5.1): delivered whatever the host,
// signed, retried with exponential backoff at most 6 times on failure, the same webhook id on
// every attempt. (The 10 s answer deadline is an AbortSignal.timeout on real time, not tested here.) Driven by fake timers (followDateNow) so the backoff costs no real time.

interface Attempt {
  url: string;
  at: number;
  headers: Headers;
  body: string;
}

function recorder(status: (attempt: number) => number) {
  const attempts: Attempt[] = [];
  const fetch = async (request: Request) => {
    attempts.push({ url: request.url, at: Date.now(), headers: request.headers, body: await request.text() });
    return new Response(null, { status: status(attempts.length) });
  };
  return { attempts, fetch };
}

async function submit(sandbox: Sandbox, webhook_url: string) {
  const response = await sandbox.fetch("https://api.clipia.ai/v1/models/nano-banana-2", {
    method: "POST",
    headers: { authorization: `Bearer ${sandbox.keys.test}`, "content-type": "application/json" },
    body: JSON.stringify({ input: { prompt: "hook" }, webhook_url }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { request_id: string }).request_id;
}

// Captured before the fake timers are installed: a real pause lets Web Crypto and the delivery run.
const realSetTimeout = globalThis.setTimeout;
const realPause = () => new Promise((done) => realSetTimeout(done, 2));

/**
 * Drives fake time from one scheduled attempt to the next (read from the delivery log) until
 * `done()`, pausing for real between steps so each attempt can finish.
 */
async function drive(sandbox: Sandbox, done: () => boolean) {
  for (let i = 0; i < 300 && !done(); i++) {
    const delivery = sandbox.webhookDeliveries()[0];
    const wait = delivery?.next_attempt_at ? Date.parse(delivery.next_attempt_at) - sandbox.now() : 0;
    await vi.advanceTimersByTimeAsync(Math.max(0, wait));
    await realPause();
  }
}

/** Then a long quiet time: nothing more may come. */
async function quiet(hours: number) {
  for (let h = 0; h < hours; h++) {
    await vi.advanceTimersByTimeAsync(3_600_000);
    await realPause();
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"], now: Date.UTC(2026, 5, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("webhook delivery through an injected fetch", () => {
  it("delivers to any host through the given fetch, signed with the account's secret", async () => {
    const { attempts, fetch } = recorder(() => 204);
    const sandbox = createSandbox({ fetch, followDateNow: true });
    const id = await submit(sandbox, "https://hooks.example.com/clipia");
    await drive(sandbox, () => attempts.length >= 1 && sandbox.webhookDeliveries()[0]?.status !== "pending");
    expect(attempts).toHaveLength(1);
    const [attempt] = attempts;
    expect(attempt!.url).toBe("https://hooks.example.com/clipia");
    expect(attempt!.headers.get("x-clipia-webhook-id")).toMatch(UUID_V4);
    expect(signatureValid(sandbox.webhookSecret, attempt!.headers.get("x-clipia-signature"), attempt!.body)).toBe(true);
    expect(JSON.parse(attempt!.body)).toMatchObject({ request_id: id, status: "OK" });
    expect(sandbox.webhookDeliveries()[0]).toMatchObject({
      request_id: id,
      status: "delivered",
      attempts: 1,
      last_status: 204,
    });
  });

  it("a failing receiver: 1 + 6 attempts with growing gaps, one webhook id, then failed", async () => {
    const { attempts, fetch } = recorder(() => 500);
    const sandbox = createSandbox({ fetch, followDateNow: true });
    await submit(sandbox, "https://hooks.example.com/down");
    await drive(sandbox, () => sandbox.webhookDeliveries()[0]?.status === "failed");
    await quiet(48); // nothing comes after the sixth retry
    expect(attempts).toHaveLength(7);
    expect(new Set(attempts.map((a) => a.headers.get("x-clipia-webhook-id"))).size).toBe(1);
    const delivery = sandbox.webhookDeliveries()[0]!;
    expect(delivery).toMatchObject({ status: "failed", attempts: 7, last_status: 500 });
    const times = delivery.history.map((h) => Date.parse(h.at));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!, `gaps ${gaps}`).toBeGreaterThan(gaps[i - 1]!);
  });

  it("a receiver that recovers: retried until the first 2xx, then no more", async () => {
    const { attempts, fetch } = recorder((n) => (n < 3 ? 503 : 200));
    const sandbox = createSandbox({ fetch, followDateNow: true });
    await submit(sandbox, "https://hooks.example.com/flaky");
    await drive(sandbox, () => sandbox.webhookDeliveries()[0]?.status === "delivered");
    await quiet(6);
    expect(attempts).toHaveLength(3);
    expect(sandbox.webhookDeliveries()[0]).toMatchObject({ status: "delivered", attempts: 3 });
  });
});
