import { APIConnectionError, Clipia, InternalServerError } from "@clipia/sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, retryAfterMs } from "../src/internal/backoff.js";
import { ADMIN_KEY, apiError, generation, json, LIVE_KEY, scriptedFetch, type Reply } from "./helpers.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs `call` to completion while the fake clock advances through every backoff. */
async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  return outcome;
}

function client(fetch: ReturnType<typeof scriptedFetch>, apiKey = LIVE_KEY) {
  return new Clipia({ apiKey, fetch, logLevel: "off" });
}

const ok = json(200, generation());

describe("what is retried", () => {
  it.each<[string, Reply]>([
    ["a connection error", new TypeError("fetch failed")],
    ["408", apiError(408, "request_timeout")],
    ["409 idempotency_request_in_progress", apiError(409, "idempotency_request_in_progress")],
    ["429", apiError(429, "rate_limited", {}, { "retry-after": "1" })],
    ["500", apiError(500, "internal_error")],
    ["503", apiError(503, "service_unavailable")],
    ["502 without a JSON body", new Response("bad gateway", { status: 502 })],
  ])("retries %s", async (_name, failure) => {
    const fetch = scriptedFetch(failure, ok);
    const { value, error } = await settle(client(fetch).generations.retrieve("gen_123"));
    expect(error).toBeUndefined();
    expect(value?.id).toBe("gen_123");
    expect(fetch.calls).toHaveLength(2);
  });

  it.each<[string, Reply]>([
    ["400", apiError(400, "invalid_request")],
    ["401", apiError(401, "invalid_api_key")],
    ["402", apiError(402, "insufficient_credits")],
    ["403", apiError(403, "insufficient_scope")],
    ["404", apiError(404, "generation_not_found")],
    ["409 idempotency_key_reused", apiError(409, "idempotency_key_reused")],
    ["409 generation_not_cancelable", apiError(409, "generation_not_cancelable")],
    ["413", apiError(413, "payload_too_large")],
  ])("never retries %s", async (_name, failure) => {
    const fetch = scriptedFetch(failure, ok);
    const { error } = await settle(client(fetch).generations.retrieve("gen_123"));
    expect(error).toBeDefined();
    expect(fetch.calls).toHaveLength(1);
  });

  it("gives up after maxRetries and throws the last error", async () => {
    const fetch = scriptedFetch(apiError(500, "internal_error"));
    const { error } = await settle(client(fetch).generations.retrieve("gen_123"));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(fetch.calls).toHaveLength(3);
  });

  it("honours maxRetries per client and per call", async () => {
    const fetch = scriptedFetch(apiError(500, "internal_error"));
    const clipia = new Clipia({ apiKey: LIVE_KEY, fetch, maxRetries: 4, logLevel: "off" });
    await settle(clipia.generations.retrieve("gen_123"));
    expect(fetch.calls).toHaveLength(5);
    await settle(clipia.generations.retrieve("gen_123", { maxRetries: 0 }));
    expect(fetch.calls).toHaveLength(6);
  });

  it("keeps the transport error as cause of APIConnectionError", async () => {
    const cause = new TypeError("fetch failed");
    const fetch = scriptedFetch(cause);
    const { error } = await settle(client(fetch).generations.retrieve("gen_123"));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).cause).toBe(cause);
    expect(fetch.calls).toHaveLength(3);
  });
});

describe("backoff", () => {
  it("is full jitter, doubling from 0.5 s and capped at 8 s", () => {
    expect(backoffDelay(0, () => 0)).toBe(0);
    expect(backoffDelay(0, () => 0.999)).toBe(499);
    expect(backoffDelay(1, () => 0.999)).toBe(999);
    expect(backoffDelay(3, () => 0.5)).toBe(2000);
    expect(backoffDelay(10, () => 0.999)).toBe(7992);
  });

  it.each([
    [{ "retry-after-ms": "250", "retry-after": "9" }, 250],
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after": new Date(Date.UTC(2030, 0, 1, 0, 0, 20)).toUTCString() }, 20_000],
    [{ "retry-after": "61" }, undefined],
    [{ "retry-after": "-1" }, undefined],
    [{ "retry-after": "soon" }, undefined],
    [{}, undefined],
  ])("reads %j as %s ms", (headers, expected) => {
    expect(retryAfterMs(new Headers(headers), Date.UTC(2030, 0, 1))).toBe(expected);
  });

  it("waits exactly the Retry-After before retrying", async () => {
    const fetch = scriptedFetch(apiError(429, "rate_limited", {}, { "retry-after": "3" }), ok);
    const pending = client(fetch).generations.retrieve("gen_123");
    await vi.advanceTimersByTimeAsync(2_999);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
    await expect(pending).resolves.toMatchObject({ id: "gen_123" });
  });

  it("falls back to its own backoff (< 0.5 s first) when Retry-After is over 60 s", async () => {
    const fetch = scriptedFetch(apiError(503, "service_unavailable", {}, { "retry-after": "3600" }), ok);
    const pending = client(fetch).generations.retrieve("gen_123");
    await vi.advanceTimersByTimeAsync(500);
    expect(fetch.calls).toHaveLength(2);
    await pending;
  });
});

describe("idempotency keys", () => {
  const idem = (fetch: ReturnType<typeof scriptedFetch>) => fetch.calls.map((c) => c.headers.get("idempotency-key"));

  it("generations.create sends one generated key on every retry, a new one per call", async () => {
    const fetch = scriptedFetch(new TypeError("reset"), apiError(500, "internal_error"), json(202, generation()));
    const clipia = client(fetch);
    await settle(clipia.generations.create("clipia-video-1", { input: { prompt: "fox" } }));
    const keys = idem(fetch);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^idem_[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    await settle(clipia.generations.create("clipia-video-1", { input: { prompt: "fox" } }));
    expect(idem(fetch)[3]).not.toBe(keys[0]);
  });

  it("re-sends the same body on each retry", async () => {
    const fetch = scriptedFetch(apiError(500, "internal_error"), json(202, generation()));
    await settle(client(fetch).generations.create("clipia-video-1", { input: { prompt: "fox" }, metadata: { a: "1" } }));
    expect(fetch.calls.map((c) => c.body)).toEqual([
      JSON.stringify({ input: { prompt: "fox" }, metadata: { a: "1" } }),
      JSON.stringify({ input: { prompt: "fox" }, metadata: { a: "1" } }),
    ]);
  });

  it("uses the caller's key when given", async () => {
    const fetch = scriptedFetch(json(202, generation()));
    await settle(client(fetch).generations.create("clipia-video-1", { input: { prompt: "fox" } }, { idempotencyKey: "order-42" }));
    expect(idem(fetch)).toEqual(["order-42"]);
  });

  it("respects an Idempotency-Key given in headers (any case), on every retry", async () => {
    const fetch = scriptedFetch(apiError(500, "internal_error"), json(202, generation()));
    await settle(client(fetch).generations.create("clipia-video-1", { input: { prompt: "fox" } }, { headers: { "idempotency-key": "from-header" } }));
    expect(idem(fetch)).toEqual(["from-header", "from-header"]);
  });

  it("keys.create and keys.roll send one; cancel, update, revoke and GETs do not", async () => {
    const fetch = scriptedFetch(json(200, { id: "key_1" }));
    const admin = client(fetch, ADMIN_KEY);
    await settle(admin.keys.create({ name: "ci", environment: "test" }));
    await settle(admin.keys.roll("key_1"));
    await settle(admin.keys.update("key_1", { name: "x" }));
    await settle(admin.keys.revoke("key_1"));
    await settle(admin.keys.retrieve("key_1"));
    const live = client(fetch);
    await settle(live.generations.cancel("gen_1"));
    await settle(live.generations.cancel("gen_1", { idempotencyKey: "mine" }));
    const keys = idem(fetch);
    expect(keys[0]).toMatch(/^idem_/);
    expect(keys[1]).toMatch(/^idem_/);
    expect(keys.slice(2)).toEqual([null, null, null, null, "mine"]);
  });
});
