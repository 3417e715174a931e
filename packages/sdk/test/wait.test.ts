import { Clipia, GenerationCanceledError, GenerationFailedError, type Generation } from "@clipia/sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generation, json, LIVE_KEY, scriptedFetch, TEST_KEY } from "./helpers.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const at = (status: string, extra: Record<string, unknown> = {}) => json(200, generation({ status, ...extra }));

describe("generations.wait (stubbed)", () => {
  it("polls every pollInterval and fires onUpdate on the first observation and each status change", async () => {
    const fetch = scriptedFetch(
      at("queued", { queue_position: 2 }),
      at("queued", { queue_position: 1 }),
      at("in_progress"),
      at("in_progress"),
      at("completed", { output: { url: "https://cdn.test/v.mp4" } }),
    );
    const updates: Array<[string, number | null]> = [];
    const pending = new Clipia({ apiKey: LIVE_KEY, fetch }).generations.wait("gen_123", {
      pollInterval: 250,
      onUpdate: (g) => updates.push([g.status, g.queue_position]),
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(fetch.calls).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1);
    const done = await pending;
    expect(done.status).toBe("completed");
    expect(done._request_id).toBe("req_test123");
    expect(updates).toEqual([
      ["queued", 2],
      ["in_progress", null],
      ["completed", null],
    ]);
    expect(fetch.calls.every((c) => c.url.endsWith("/v1/generations/gen_123"))).toBe(true);
  });

  it("honours a Retry-After on a poll response larger than pollInterval", async () => {
    const fetch = scriptedFetch(json(200, generation({ status: "queued" }), { "retry-after": "5" }), at("completed"));
    const pending = new Clipia({ apiKey: LIVE_KEY, fetch }).generations.wait("gen_123", { pollInterval: 100 });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toMatchObject({ status: "completed" });
  });

  it.each([
    ["failed", GenerationFailedError, { error: { code: "generation_failed", message: "boom" } }],
    ["canceled", GenerationCanceledError, {}],
  ] as const)("throws when the generation ends %s, carrying it", async (status, Expected, extra) => {
    const fetch = scriptedFetch(at(status, extra));
    const error = await new Clipia({ apiKey: LIVE_KEY, fetch }).generations.wait("gen_123").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Expected);
    const generationOf = (error as { generation: Generation }).generation;
    expect(generationOf.id).toBe("gen_123");
    expect(generationOf.status).toBe(status);
  });
});

describe("clipia.run (stubbed)", () => {
  it("does not poll when create already answers the final generation (test key)", async () => {
    const fetch = scriptedFetch(at("completed"));
    const seen: string[] = [];
    const done = await new Clipia({ apiKey: TEST_KEY, fetch }).run(
      "clipia-video-1",
      { input: { prompt: "fox" } },
      { onUpdate: (g) => seen.push(g.status) },
    );
    expect(done.status).toBe("completed");
    expect(seen).toEqual(["completed"]);
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]!.method).toBe("POST");
  });

  it("creates then polls a live generation", async () => {
    const fetch = scriptedFetch(json(202, generation({ status: "queued", queue_position: 1 })), at("in_progress"), at("completed"));
    const seen: string[] = [];
    const pending = new Clipia({ apiKey: LIVE_KEY, fetch }).run(
      "clipia-video-1",
      { input: { prompt: "fox" } },
      { pollInterval: 10, onUpdate: (g) => seen.push(g.status) },
    );
    await vi.advanceTimersByTimeAsync(20);
    await expect(pending).resolves.toMatchObject({ status: "completed" });
    expect(seen).toEqual(["queued", "in_progress", "completed"]);
    expect(fetch.calls.map((c) => c.method)).toEqual(["POST", "GET", "GET"]);
  });
});
