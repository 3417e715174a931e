import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signatureValid, UUID_V4 } from "../support/wire.js";

// Webhooks through the fetch given to createSandbox (SPEC §5.1): delivered whatever the host,
// signed, retried with exponential backoff at most 6 times on failure, the same webhook id on
// every attempt. Driven by fake timers (followDateNow) so the backoff costs no real time.

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

/** Lets queued deliveries run, then moves fake time forward in steps. */
async function elapse(ms: number, step = 1_000) {
  for (let t = 0; t < ms; t += step) {
    await vi.advanceTimersByTimeAsync(step);
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
    await elapse(2_000);
    expect(attempts).toHaveLength(1);
    const [attempt] = attempts;
    expect(attempt!.url).toBe("https://hooks.example.com/clipia");
    expect(attempt!.headers.get("x-clipia-webhook-id")).toMatch(UUID_V4);
    expect(signatureValid(sandbox.webhookSecret, attempt!.headers.get("x-clipia-signature"), attempt!.body)).toBe(true);
    expect(JSON.parse(attempt!.body)).toMatchObject({ request_id: id, status: "OK" });
    expect(sandbox.webhookDeliveries()[0]).toMatchObject({ request_id: id, status: "delivered", attempts: 1, last_status: 204 });
  });

  it("a failing receiver: 1 + 6 attempts with growing gaps, one webhook id, then failed", async () => {
    const { attempts, fetch } = recorder(() => 500);
    const sandbox = createSandbox({ fetch, followDateNow: true });
    await submit(sandbox, "https://hooks.example.com/down");
    await elapse(48 * 3_600_000, 60_000);
    expect(attempts).toHaveLength(7);
    expect(new Set(attempts.map((a) => a.headers.get("x-clipia-webhook-id"))).size).toBe(1);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]!);
    expect(sandbox.webhookDeliveries()[0]).toMatchObject({ status: "failed", attempts: 7, last_status: 500 });
  });

  it("a receiver that recovers: retried until the first 2xx, then no more", async () => {
    const { attempts, fetch } = recorder((n) => (n < 3 ? 503 : 200));
    const sandbox = createSandbox({ fetch, followDateNow: true });
    await submit(sandbox, "https://hooks.example.com/flaky");
    await elapse(6 * 3_600_000, 60_000);
    expect(attempts).toHaveLength(3);
    expect(sandbox.webhookDeliveries()[0]).toMatchObject({ status: "delivered", attempts: 3 });
  });

  it("a receiver slower than 10 s counts as a failure and is retried", async () => {
    let calls = 0;
    const slow = async (request: Request) => {
      calls++;
      await request.text();
      if (calls === 1) await new Promise((done) => setTimeout(done, 11_000));
      return new Response(null, { status: 200 });
    };
    const sandbox = createSandbox({ fetch: slow, followDateNow: true });
    await submit(sandbox, "https://hooks.example.com/slow");
    await elapse(3_600_000, 1_000);
    expect(calls).toBe(2);
    expect(sandbox.webhookDeliveries()[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });
});
