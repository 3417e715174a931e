import {
  APITimeoutError,
  APIUserAbortError,
  Clipia,
  type ClipiaOptions,
  GenerationCanceledError,
  GenerationFailedError,
  type StatusResponse,
} from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { apiError, json, REQUEST_ID, resultOf, scriptedFetch, statusOf, submitted, TEST_KEY } from "./helpers.js";

type Script = Array<Response | Error>;

/** A fetch answering each endpoint from its own script (the last reply repeats); records the calls. */
function api(scripts: { submit?: Script; status?: Script; result?: Script }) {
  const fetches = {
    submit: scriptedFetch(...(scripts.submit ?? [json(200, submitted())])),
    status: scriptedFetch(...(scripts.status ?? [json(200, statusOf("COMPLETED", null, 100))])),
    result: scriptedFetch(...(scripts.result ?? [json(200, resultOf())])),
  };
  const order: string[] = [];
  const fetch = (request: Request) => {
    const path = new URL(request.url).pathname;
    const which = request.method === "POST" ? "submit" : path.endsWith("/status") ? "status" : "result";
    order.push(which);
    return fetches[which](request);
  };
  return { fetch, order, fetches };
}

const client = (fetch: ClipiaOptions["fetch"], options: ClipiaOptions = {}) =>
  new Clipia({ apiKey: TEST_KEY, fetch, logLevel: "off", ...options });
const fast = { pollInterval: 1 };

describe("queue.wait", () => {
  it("polls status until terminal, then reads the result once", async () => {
    const { fetch, order } = api({
      status: [
        json(200, statusOf("IN_QUEUE", 2)),
        json(200, statusOf("IN_QUEUE", 1)),
        json(200, statusOf("IN_PROGRESS", null, 10)),
        json(200, statusOf("IN_PROGRESS", null, 10)),
        json(200, statusOf("IN_PROGRESS", null, 60)),
        json(200, statusOf("COMPLETED", null, 100)),
      ],
    });
    const updates: StatusResponse[] = [];
    const result = await client(fetch).queue.wait(REQUEST_ID, { ...fast, onQueueUpdate: (s) => updates.push(s) });
    expect(result).toEqual({ ...resultOf(), pending: false });
    expect(order).toEqual(["status", "status", "status", "status", "status", "status", "result"]);
    // First observation and every change of status, position or progress; the repeat is skipped.
    expect(updates.map((s) => [s.status, s.queue_position, s.progress])).toEqual([
      ["IN_QUEUE", 2, null],
      ["IN_QUEUE", 1, null],
      ["IN_PROGRESS", null, 10],
      ["IN_PROGRESS", null, 60],
      ["COMPLETED", null, 100],
    ]);
  });

  it("waits pollInterval between polls", async () => {
    const { fetch, fetches } = api({
      status: [json(200, statusOf("IN_QUEUE", 0)), json(200, statusOf("COMPLETED", null, 100))],
    });
    const started = Date.now();
    await client(fetch).queue.wait(REQUEST_ID, { pollInterval: 120 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(fetches.status.calls).toHaveLength(2);
  });

  it.each([
    ["FAILED", GenerationFailedError, "GENERATION_FAILED"],
    ["CANCELED", GenerationCanceledError, "GENERATION_CANCELED"],
  ] as const)("%s: throws %s carrying the result", async (status, Class, code) => {
    const { fetch } = api({ status: [json(200, statusOf(status))], result: [json(200, resultOf(status))] });
    const error = await client(fetch)
      .queue.wait(REQUEST_ID, fast)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Class);
    const result = (error as GenerationFailedError).result;
    expect(result.status).toBe(status);
    expect(result.error?.code).toBe(code);
    expect((error as Error).message).toContain(REQUEST_ID);
  });

  it("keeps polling when the result still answers 202 after a terminal status", async () => {
    const { fetch, order } = api({
      status: [json(200, statusOf("COMPLETED", null, 100))],
      result: [
        json(202, { request_id: REQUEST_ID, status: "IN_PROGRESS", queue_position: null, progress: 99 }),
        json(200, resultOf()),
      ],
    });
    await expect(client(fetch).queue.wait(REQUEST_ID, fast)).resolves.toMatchObject({ status: "COMPLETED" });
    expect(order).toEqual(["status", "result", "status", "result"]);
  });

  it("a poll that fails transiently is retried", async () => {
    const { fetch } = api({
      status: [
        apiError(503, "service_unavailable", { "retry-after-ms": "0" }),
        json(200, statusOf("COMPLETED", null, 100)),
      ],
    });
    await expect(client(fetch).queue.wait(REQUEST_ID, fast)).resolves.toMatchObject({ status: "COMPLETED" });
  });

  it("past its timeout: APITimeoutError", async () => {
    const { fetch } = api({ status: [json(200, statusOf("IN_QUEUE", 3))] });
    const error = await client(fetch)
      .queue.wait(REQUEST_ID, { pollInterval: 10, timeout: 60 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe(`Request ${REQUEST_ID} was not final after 60 ms.`);
  });

  it.each(["waitOptions", "options"])("a signal in %s stops it: APIUserAbortError", async (where) => {
    const { fetch } = api({ status: [json(200, statusOf("IN_QUEUE", 3))] });
    const signal = AbortSignal.timeout(30);
    const promise =
      where === "waitOptions"
        ? client(fetch).queue.wait(REQUEST_ID, { pollInterval: 10, signal })
        : client(fetch).queue.wait(REQUEST_ID, { pollInterval: 10 }, { signal });
    await expect(promise).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it(".withResponse() gives the result call's response", async () => {
    const { fetch } = api({
      result: [json(200, resultOf(), { "ratelimit-limit": "120", "ratelimit-remaining": "5", "ratelimit-reset": "9" })],
    });
    const { data, response, rateLimit } = await client(fetch).queue.wait(REQUEST_ID, fast).withResponse();
    expect(data.output).toEqual(resultOf().output);
    expect(response.url === "" || response.url.endsWith(REQUEST_ID)).toBe(true);
    expect(rateLimit).toEqual({ limit: 120, remaining: 5, reset: 9 });
  });
});

describe("subscribe", () => {
  it("a test key's COMPLETED submit costs one result call, no status poll", async () => {
    const { fetch, order } = api({ submit: [json(200, submitted({ status: "COMPLETED", queue_position: 0 }))] });
    const updates: StatusResponse[] = [];
    const result = await client(fetch).subscribe(
      "nano-banana-2",
      { input: { prompt: "x" } },
      { onQueueUpdate: (s) => updates.push(s) },
    );
    expect(result.output.images[0]!.url).toBe("https://media.clipia.ai/a.webp");
    expect(order).toEqual(["submit", "result"]);
    expect(updates).toEqual([
      { request_id: REQUEST_ID, status: "COMPLETED", queue_position: null, progress: 100, logs: [] },
    ]);
  });

  it("a live key: reports the submit, polls, resolves", async () => {
    const { fetch, order } = api({
      submit: [json(200, submitted({ status: "IN_QUEUE", queue_position: 2 }))],
      status: [
        json(200, statusOf("IN_QUEUE", 2)),
        json(200, statusOf("IN_PROGRESS", null, 50)),
        json(200, statusOf("COMPLETED", null, 100)),
      ],
    });
    const updates: Array<[string, number | null, number | null]> = [];
    await client(fetch).subscribe(
      "nano-banana-2",
      { input: { prompt: "x" } },
      { ...fast, onQueueUpdate: (s) => updates.push([s.status, s.queue_position, s.progress]) },
    );
    expect(order).toEqual(["submit", "status", "status", "status", "result"]);
    expect(updates).toEqual([
      ["IN_QUEUE", 2, null],
      ["IN_PROGRESS", null, 50],
      ["COMPLETED", null, 100],
    ]);
  });

  it("a submit that is already FAILED throws after the one result call", async () => {
    const { fetch, order } = api({
      submit: [json(200, submitted({ status: "FAILED", queue_position: 0 }))],
      result: [json(200, resultOf("FAILED"))],
    });
    await expect(client(fetch).subscribe("nano-banana-2", { input: { prompt: "x" } })).rejects.toBeInstanceOf(
      GenerationFailedError,
    );
    expect(order).toEqual(["submit", "result"]);
  });

  it("sends the Idempotency-Key on the submit only, even when given one", async () => {
    const { fetch, fetches } = api({ submit: [json(200, submitted())] });
    await client(fetch).subscribe("nano-banana-2", { input: { prompt: "x" } }, fast, { idempotencyKey: "order-7" });
    expect(fetches.submit.calls[0]!.headers.get("idempotency-key")).toBe("order-7");
    expect(fetches.status.calls[0]!.headers.has("idempotency-key")).toBe(false);
    expect(fetches.result.calls[0]!.headers.has("idempotency-key")).toBe(false);
  });

  it("its timeout covers the submit", async () => {
    const fetch = () => new Promise<Response>(() => {});
    await expect(
      client(fetch).subscribe("nano-banana-2", { input: { prompt: "x" } }, { timeout: 30 }),
    ).rejects.toBeInstanceOf(APITimeoutError);
  });
});
