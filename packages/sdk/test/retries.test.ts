import { APIConnectionError, APIError, Clipia, type ClipiaOptions, RateLimitError } from "@clipia/sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, json, memoryLogger, type Reply, scriptedFetch, submitted, TEST_KEY } from "./helpers.js";

const account = { account_id: "acc_1", balance: { credits: 10 }, usage_30d: { requests: 0, credits_spent: 0 } };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function client(fetch: ClipiaOptions["fetch"], options: ClipiaOptions = {}) {
  return new Clipia({ apiKey: TEST_KEY, fetch, logLevel: "off", ...options });
}

beforeEach(() => {
  vi.spyOn(Math, "random").mockReturnValue(0); // backoff 0 ms: no waiting in these tests
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("what is retried", () => {
  it.each<[string, Reply]>([
    ["a connection error", new TypeError("fetch failed")],
    ["408", apiError(408, "invalid_request")],
    ["409 request_in_progress", apiError(409, "request_in_progress")],
    ["429", apiError(429, "rate_limit_exceeded")],
    ["500", apiError(500, "internal_error")],
    ["502 from a proxy", new Response("bad gateway", { status: 502 })],
    ["503", apiError(503, "service_unavailable")],
  ])("%s: retried twice by default, then thrown", async (_name, reply) => {
    const fetch = scriptedFetch(reply);
    await expect(client(fetch).account.retrieve()).rejects.toBeInstanceOf(
      reply instanceof Error ? APIConnectionError : APIError,
    );
    expect(fetch.calls).toHaveLength(3);
  });

  it.each<[string, Reply]>([
    ["a connection error", new TypeError("fetch failed")],
    ["503", apiError(503, "service_unavailable")],
  ])("%s then success: resolves", async (_name, reply) => {
    const fetch = scriptedFetch(reply, json(200, account));
    await expect(client(fetch).account.retrieve()).resolves.toEqual(account);
    expect(fetch.calls).toHaveLength(2);
  });

  it.each([
    [400, "invalid_request"],
    [401, "invalid_api_key"],
    [402, "insufficient_credits"],
    [402, "subscription_required"],
    [403, "insufficient_scope"],
    [404, "not_found"],
    [409, "idempotency_key_reuse"],
    [422, "model_input_invalid"],
  ])("%i %s: never retried", async (status, code) => {
    const fetch = scriptedFetch(apiError(status, code), json(200, account));
    await expect(client(fetch).account.retrieve()).rejects.toMatchObject({ status, code });
    expect(fetch.calls).toHaveLength(1);
  });

  it("maxRetries: per client and per call", async () => {
    const fetch = scriptedFetch(apiError(500, "internal_error"));
    await expect(client(fetch, { maxRetries: 0 }).account.retrieve()).rejects.toThrow();
    expect(fetch.calls).toHaveLength(1);
    await expect(client(fetch, { maxRetries: 0 }).account.retrieve({ maxRetries: 4 })).rejects.toThrow();
    expect(fetch.calls).toHaveLength(6);
  });

  it("logs each retry at info and the final failure at warn", async () => {
    const { lines, logger } = memoryLogger();
    const fetch = scriptedFetch(apiError(503, "service_unavailable"));
    await expect(client(fetch, { logger, logLevel: "info" }).account.retrieve()).rejects.toThrow();
    expect(lines.filter((l) => l.level === "info").map((l) => l.text)).toEqual([
      "[clipia] GET /v1/account: 503 service_unavailable: service_unavailable happened; retry 1 in 0 ms",
      "[clipia] GET /v1/account: 503 service_unavailable: service_unavailable happened; retry 2 in 0 ms",
    ]);
    expect(lines.filter((l) => l.level === "warn")).toHaveLength(1);
    expect(lines.find((l) => l.level === "warn")!.text).toContain("after 3 attempts");
  });
});

describe("when a retry happens", () => {
  /** Starts a call under fake timers; `attemptsAt(ms)` reports the attempts made by then. */
  function timed(replies: Reply[], options: ClipiaOptions = {}) {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const fetch = scriptedFetch(...replies);
    const promise = client(fetch, options).account.retrieve();
    promise.catch(() => {});
    return {
      promise,
      async attemptsAt(ms: number) {
        await vi.advanceTimersByTimeAsync(ms);
        return fetch.calls.length;
      },
    };
  }

  it("honours Retry-After in seconds", async () => {
    const call = timed([apiError(429, "rate_limit_exceeded", { "retry-after": "2" }), json(200, account)]);
    expect(await call.attemptsAt(1_999)).toBe(1);
    expect(await call.attemptsAt(1)).toBe(2);
    await expect(call.promise).resolves.toEqual(account);
  });

  it("honours Retry-After as an HTTP date", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: new Date("2026-07-01T10:00:00Z") });
    const fetch = scriptedFetch(
      apiError(503, "service_unavailable", { "retry-after": "Wed, 01 Jul 2026 10:00:03 GMT" }),
      json(200, account),
    );
    const promise = client(fetch).account.retrieve();
    await vi.advanceTimersByTimeAsync(2_999);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(promise).resolves.toEqual(account);
  });

  it("prefers retry-after-ms", async () => {
    const call = timed([
      apiError(503, "service_unavailable", { "retry-after-ms": "250", "retry-after": "5" }),
      json(200, account),
    ]);
    expect(await call.attemptsAt(249)).toBe(1);
    expect(await call.attemptsAt(1)).toBe(2);
  });

  it("backs off exponentially with full jitter when the server does not say", async () => {
    vi.mocked(Math.random).mockReturnValue(0.999);
    const call = timed([new TypeError("reset"), new TypeError("reset"), json(200, account)]);
    expect(await call.attemptsAt(498)).toBe(1);
    expect(await call.attemptsAt(1)).toBe(2); // < 500 ms
    expect(await call.attemptsAt(998)).toBe(2);
    expect(await call.attemptsAt(1)).toBe(3); // < 1000 ms
  });

  it("ignores a Retry-After over 60 s (its own backoff applies)", async () => {
    const call = timed([apiError(429, "rate_limit_exceeded", { "retry-after": "3600" }), json(200, account)], {
      timeout: 10_000_000,
    });
    expect(await call.attemptsAt(0)).toBe(2);
  });

  it("does not wait past the call's timeout: the error is thrown at once", async () => {
    const call = timed([apiError(429, "rate_limit_exceeded", { "retry-after": "30" })], { timeout: 10_000 });
    const error = await call.promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(30);
    expect(await call.attemptsAt(0)).toBe(1);
  });
});

describe("idempotency", () => {
  it("a submit sends one UUID v4 Idempotency-Key, the same on every attempt", async () => {
    const fetch = scriptedFetch(new TypeError("lost"), apiError(500, "internal_error"), json(200, submitted()));
    await client(fetch).queue.submit("nano-banana-2", { input: { prompt: "x" } });
    const keys = fetch.calls.map((call) => call.headers.get("idempotency-key"));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(UUID_V4);
    expect(new Set(keys).size).toBe(1);
  });

  it("each submit has its own key", async () => {
    const fetch = scriptedFetch(json(200, submitted()));
    const clipia = client(fetch);
    await clipia.queue.submit("nano-banana-2", { input: { prompt: "x" } });
    await clipia.queue.submit("nano-banana-2", { input: { prompt: "x" } });
    expect(fetch.calls[0]!.headers.get("idempotency-key")).not.toBe(fetch.calls[1]!.headers.get("idempotency-key"));
  });

  it("uses the caller's key: the idempotencyKey option over an Idempotency-Key header", async () => {
    const fetch = scriptedFetch(json(200, submitted()));
    const clipia = client(fetch);
    await clipia.queue.submit(
      "nano-banana-2",
      { input: { prompt: "x" } },
      { headers: { "Idempotency-Key": "order-42" } },
    );
    await clipia.queue.submit(
      "nano-banana-2",
      { input: { prompt: "x" } },
      { idempotencyKey: "order-43", headers: { "idempotency-key": "x" } },
    );
    expect(fetch.calls.map((call) => call.headers.get("idempotency-key"))).toEqual(["order-42", "order-43"]);
  });

  it("other calls send none", async () => {
    const fetch = scriptedFetch(json(200, { credits: 4 }));
    await client(fetch).models.estimate("nano-banana-2", { input: { prompt: "x" } });
    expect(fetch.calls[0]!.headers.has("idempotency-key")).toBe(false);
  });
});
