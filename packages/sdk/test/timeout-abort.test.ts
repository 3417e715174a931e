import { APIConnectionError, APITimeoutError, APIUserAbortError, Clipia } from "@clipia/sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, generation, json, LIVE_KEY, scriptedFetch } from "./helpers.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A fetch that never answers and ignores its signal: the client must still give up. */
const hanging = () => scriptedFetch(() => new Promise<Response>(() => {}));

function outcome<T>(promise: Promise<T>) {
  return promise.then(
    () => "resolved" as unknown,
    (error: unknown) => error,
  );
}

describe("timeout", () => {
  it("throws APITimeoutError (an APIConnectionError) when the server never answers", async () => {
    const fetch = hanging();
    const result = outcome(new Clipia({ apiKey: LIVE_KEY, fetch, timeout: 5_000 }).account.retrieve());
    await vi.advanceTimersByTimeAsync(4_999);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await result;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(fetch.calls).toHaveLength(1);
  });

  it("bounds the whole call, backoff included", async () => {
    const fetch = scriptedFetch(apiError(503, "service_unavailable", {}, { "retry-after": "30" }));
    const result = outcome(new Clipia({ apiKey: LIVE_KEY, fetch, timeout: 5_000, logLevel: "off" }).account.retrieve());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await result).toBeInstanceOf(APITimeoutError);
    expect(fetch.calls).toHaveLength(1);
  });

  it("takes a per-call timeout over the client's", async () => {
    const fetch = hanging();
    const result = outcome(new Clipia({ apiKey: LIVE_KEY, fetch }).account.retrieve({ timeout: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(await result).toBeInstanceOf(APITimeoutError);
  });
});

describe("abort", () => {
  it("rejects at once, without a request, when the signal is already aborted", async () => {
    const fetch = scriptedFetch(json(200, {}));
    const controller = new AbortController();
    controller.abort();
    const error = await outcome(new Clipia({ apiKey: LIVE_KEY, fetch }).account.retrieve({ signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(fetch.calls).toHaveLength(0);
  });

  it("cancels a request in flight", async () => {
    const fetch = hanging();
    const controller = new AbortController();
    const result = outcome(new Clipia({ apiKey: LIVE_KEY, fetch }).account.retrieve({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    expect(await result).toBeInstanceOf(APIUserAbortError);
  });

  it("passes the signal down to fetch", async () => {
    let seen: AbortSignal | undefined;
    const fetch = async (request: Request) => {
      seen = request.signal;
      return new Promise<Response>(() => {});
    };
    const controller = new AbortController();
    const result = outcome(new Clipia({ apiKey: LIVE_KEY, fetch }).account.retrieve({ signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await result;
    expect(seen?.aborted).toBe(true);
  });

  it("cancels during backoff, without another attempt", async () => {
    const fetch = scriptedFetch(apiError(429, "rate_limited", {}, { "retry-after": "10" }), json(200, {}));
    const controller = new AbortController();
    const result = outcome(
      new Clipia({ apiKey: LIVE_KEY, fetch, logLevel: "off" }).account.retrieve({ signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(2_000);
    controller.abort();
    expect(await result).toBeInstanceOf(APIUserAbortError);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetch.calls).toHaveLength(1);
  });
});

describe("wait", () => {
  const queued = json(200, generation({ status: "queued", queue_position: 1 }));

  it("throws APITimeoutError past its timeout", async () => {
    const fetch = scriptedFetch(queued);
    const result = outcome(new Clipia({ apiKey: LIVE_KEY, fetch }).generations.wait("gen_123", { timeout: 3_500, pollInterval: 1_000 }));
    await vi.advanceTimersByTimeAsync(3_500);
    const error = await result;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toContain("gen_123");
    expect(fetch.calls).toHaveLength(4);
  });

  it("stops polling when the signal aborts", async () => {
    const fetch = scriptedFetch(queued);
    const controller = new AbortController();
    const result = outcome(
      new Clipia({ apiKey: LIVE_KEY, fetch }).generations.wait("gen_123", { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(2_500);
    controller.abort();
    expect(await result).toBeInstanceOf(APIUserAbortError);
    const polls = fetch.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetch.calls).toHaveLength(polls);
  });

  it("reports its own timeout, not the poll's, when the deadline cuts a poll short", async () => {
    const fetch = hanging();
    const result = outcome(new Clipia({ apiKey: LIVE_KEY, fetch }).generations.wait("gen_123", { timeout: 200 }));
    await vi.advanceTimersByTimeAsync(200);
    const error = await result;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toContain("gen_123");
  });
});
