// SPEC §4: "Every method takes a last `options` argument {signal, timeout, maxRetries,
// idempotencyKey, headers}". One table over every public resource method (and run), so a method
// that drops its options, or a new method without a row here, fails.
import { APITimeoutError, APIUserAbortError, Clipia, type RequestOptions } from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { apiError, generation, json, LIVE_KEY, scriptedFetch, type Recorded } from "./helpers.js";

type Method = (clipia: Clipia, options: RequestOptions) => Promise<unknown>;

const METHODS: Record<string, Method> = {
  "account.retrieve": (c, o) => c.account.retrieve(o),
  "models.list": (c, o) => c.models.list({}, o),
  "models.retrieve": (c, o) => c.models.retrieve("clipia-video-1", o),
  "generations.create": (c, o) => c.generations.create("clipia-video-1", { input: { prompt: "fox" } }, o),
  "generations.retrieve": (c, o) => c.generations.retrieve("gen_123", o),
  "generations.list": (c, o) => c.generations.list({}, o),
  "generations.cancel": (c, o) => c.generations.cancel("gen_123", o),
  "generations.wait": (c, o) => c.generations.wait("gen_123", {}, o),
  run: (c, o) => c.run("clipia-video-1", { input: { prompt: "fox" } }, {}, o),
  "keys.create": (c, o) => c.keys.create({ name: "ci", environment: "test" }, o),
  "keys.list": (c, o) => c.keys.list({}, o),
  "keys.retrieve": (c, o) => c.keys.retrieve("key_1", o),
  "keys.update": (c, o) => c.keys.update("key_1", { name: "x" }, o),
  "keys.revoke": (c, o) => c.keys.revoke("key_1", o),
  "keys.roll": (c, o) => c.keys.roll("key_1", {}, o),
};
const TABLE = Object.entries(METHODS);
/** Methods whose request changes something: the caller's idempotencyKey goes on the wire. */
const WRITES = ["generations.create", "generations.cancel", "run", "keys.create", "keys.update", "keys.revoke", "keys.roll"];

/** A list for list paths, else a completed generation (good enough for every other method). */
function ok(request: Recorded): Response {
  const path = new URL(request.url).pathname;
  if (request.method === "GET" && /^\/v1\/(models|generations|keys)$/.test(path)) {
    return json(200, { object: "list", data: [], has_more: false, next_cursor: null });
  }
  return json(200, generation());
}

const client = (fetch: ReturnType<typeof scriptedFetch>) =>
  new Clipia({ apiKey: LIVE_KEY, fetch, baseUrl: "http://sdk.test", logLevel: "off" });

describe("the table covers every public resource method", () => {
  it("has one row per method of account, models, generations and keys", () => {
    const clipia = client(scriptedFetch(ok));
    const names = (["account", "models", "generations", "keys"] as const).flatMap((resource) =>
      Object.getOwnPropertyNames(Object.getPrototypeOf(clipia[resource]))
        .filter((name) => name !== "constructor" && !name.startsWith("_"))
        .map((name) => `${resource}.${name}`),
    );
    expect([...names, "run"].sort()).toEqual(Object.keys(METHODS).sort());
  });
});

describe.each(TABLE)("%s honours its last options argument", (_name, call) => {
  it("headers: sent on the request", async () => {
    const fetch = scriptedFetch(ok);
    await call(client(fetch), { headers: { "X-Trace": "t-1" } });
    expect(fetch.calls.length).toBeGreaterThan(0);
    expect(fetch.calls.every((c) => c.headers.get("x-trace") === "t-1")).toBe(true);
  });

  it("maxRetries: 0 sends once, 1 sends twice on a 500", async () => {
    const failing = () => apiError(500, "internal_error", {}, { "retry-after-ms": "0" });
    const once = scriptedFetch(failing);
    await expect(call(client(once), { maxRetries: 0 })).rejects.toMatchObject({ status: 500 });
    expect(once.calls).toHaveLength(1);
    const twice = scriptedFetch(failing);
    await expect(call(client(twice), { maxRetries: 1 })).rejects.toMatchObject({ status: 500 });
    expect(twice.calls).toHaveLength(2);
  });

  it("timeout: a call that never answers ends in APITimeoutError", async () => {
    const fetch = scriptedFetch(() => new Promise<Response>(() => {}));
    await expect(call(client(fetch), { timeout: 20 })).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("signal: an aborted signal ends in APIUserAbortError without a request", async () => {
    const fetch = scriptedFetch(ok);
    const controller = new AbortController();
    controller.abort();
    await expect(call(client(fetch), { signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(fetch.calls).toHaveLength(0);
  });

  it("signal: aborting mid-request ends in APIUserAbortError", async () => {
    const fetch = scriptedFetch(() => new Promise<Response>(() => {}));
    const controller = new AbortController();
    const pending = call(client(fetch), { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe("idempotencyKey", () => {
  it.each(WRITES)("%s sends the caller's key", async (name) => {
    const fetch = scriptedFetch(ok);
    await METHODS[name]!(client(fetch), { idempotencyKey: "caller-key-1" });
    expect(fetch.calls[0]!.method).not.toBe("GET");
    expect(fetch.calls[0]!.headers.get("idempotency-key")).toBe("caller-key-1");
  });
});

describe("wait() and run() take a signal in both waitOptions and options", () => {
  const queued = () => json(200, generation({ status: "queued", queue_position: 1 }));

  it.each([
    ["generations.wait", (c: Clipia, w: AbortSignal, o: AbortSignal) => c.generations.wait("gen_123", { signal: w, pollInterval: 5, timeout: 1_000 }, { signal: o })],
    ["run", (c: Clipia, w: AbortSignal, o: AbortSignal) => c.run("clipia-video-1", { input: { prompt: "x" } }, { signal: w, pollInterval: 5, timeout: 1_000 }, { signal: o })],
  ] as const)("%s stops when either one aborts", async (_name, call) => {
    for (const which of ["wait", "options"] as const) {
      const fetch = scriptedFetch(queued);
      const waitSignal = new AbortController();
      const optionsSignal = new AbortController();
      const pending = call(client(fetch), waitSignal.signal, optionsSignal.signal);
      setTimeout(() => (which === "wait" ? waitSignal : optionsSignal).abort(), 30);
      await expect(pending, which).rejects.toBeInstanceOf(APIUserAbortError);
    }
  });
});
