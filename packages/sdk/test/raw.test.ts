import { APIUserAbortError, Clipia, ClipiaError, NotFoundError } from "@clipia/sdk";
import type { Middleware } from "openapi-fetch";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, json, scriptedFetch, submitted, TEST_KEY } from "./helpers.js";

const account = { account_id: "acc_1", balance: { credits: 10 }, usage_30d: { requests: 0, credits_spent: 0 } };

beforeEach(() => {
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("clipia.raw", () => {
  it("calls any path of the contract with the client's auth; resolves {data, response}", async () => {
    const fetch = scriptedFetch(json(200, account));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch, authScheme: "key" });
    const { data, response } = await clipia.raw.GET("/v1/account");
    expect(data).toEqual(account);
    expect(response.status).toBe(200);
    expect(fetch.calls[0]!.headers.get("authorization")).toBe(`Key ${TEST_KEY}`);
  });

  it("a submit through raw gets one Idempotency-Key for all its attempts, like queue.submit", async () => {
    const fetch = scriptedFetch(apiError(503, "service_unavailable"), json(200, submitted()));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch, logLevel: "off" });
    await clipia.raw.POST("/v1/models/{model}", {
      params: { path: { model: "flux-2-pro" } },
      body: { input: { prompt: "a fox" } },
    });
    await clipia.raw.GET("/v1/account");
    const keys = fetch.calls.map((call) => call.headers.get("idempotency-key"));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys).toEqual([keys[0], keys[0], null]);
  });

  it("a submit through raw.request gets its Idempotency-Key too, whatever the method's case", async () => {
    const fetch = scriptedFetch(apiError(503, "service_unavailable"), json(200, submitted()));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch, logLevel: "off" });
    const init = { params: { path: { model: "flux-2-pro" } }, body: { input: { prompt: "a fox" } } };
    await clipia.raw.request("post", "/v1/models/{model}", init);
    const keys = fetch.calls.map((call) => call.headers.get("idempotency-key"));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys).toEqual([keys[0], keys[0]]);
    expect(fetch.calls.map((call) => call.method)).toEqual(["POST", "POST"]);
  });

  it("passes path parameters, a body and headers through", async () => {
    const fetch = scriptedFetch(json(200, submitted()));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch });
    await clipia.raw.POST("/v1/models/{model}", {
      params: { path: { model: "flux-2-pro" } },
      body: { input: { prompt: "a fox" } },
      headers: { "Idempotency-Key": "order-9" },
    });
    const [call] = fetch.calls;
    expect(call!.url).toBe("https://api.clipia.ai/v1/models/flux-2-pro");
    expect(JSON.parse(call!.body)).toEqual({ input: { prompt: "a fox" } });
    expect(call!.headers.get("idempotency-key")).toBe("order-9");
  });

  it("throws the error classes on a non-2xx, after the same retries", async () => {
    const fetch = scriptedFetch(apiError(503, "service_unavailable"), apiError(404, "not_found"));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch, logLevel: "off" });
    await expect(clipia.raw.GET("/v1/models/{model}", { params: { path: { model: "nope" } } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(fetch.calls).toHaveLength(2);
  });

  it("honours its signal", async () => {
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch: () => new Promise<Response>(() => {}) });
    await expect(clipia.raw.GET("/v1/account", { signal: AbortSignal.timeout(20) })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
  });
});

describe("middleware (raw.use)", () => {
  it("sees every attempt of a resource call, retries included, with the same Idempotency-Key", async () => {
    const fetch = scriptedFetch(new TypeError("reset"), apiError(500, "internal_error"), json(200, submitted()));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch, logLevel: "off" });
    const requests: Request[] = [];
    const statuses: number[] = [];
    const errors: unknown[] = [];
    const middleware: Middleware = {
      onRequest: ({ request }) => {
        requests.push(request.clone());
      },
      onResponse: ({ response }) => {
        statuses.push(response.status);
      },
      onError: ({ error }) => {
        errors.push(error);
      },
    };
    clipia.raw.use(middleware);
    await clipia.queue.submit("nano-banana-2", { input: { prompt: "x" } });
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers.get("idempotency-key"))).size).toBe(1);
    expect(statuses).toEqual([500, 200]);
    expect(errors).toHaveLength(1);
    expect(await requests[2]!.json()).toEqual({ input: { prompt: "x" } });
  });

  it("may replace the request and the response", async () => {
    const fetch = scriptedFetch(json(200, account));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch });
    clipia.raw.use({
      onRequest: ({ request }) => {
        const next = new Request(request);
        next.headers.set("x-tenant", "t1");
        return next;
      },
      onResponse: async ({ response }) => json(response.status, { ...(await response.json()), seen: true }),
    });
    await expect(clipia.account.retrieve()).resolves.toEqual({ ...account, seen: true });
    expect(fetch.calls[0]!.headers.get("x-tenant")).toBe("t1");
  });

  it("an exception in middleware is a ClipiaError with it as cause, not retried", async () => {
    const fetch = scriptedFetch(json(200, account));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch });
    const bug = new RangeError("tracing broke");
    clipia.raw.use({
      onRequest: () => {
        throw bug;
      },
    });
    const error = (await clipia.account.retrieve().catch((e: unknown) => e)) as ClipiaError;
    expect(error).toBeInstanceOf(ClipiaError);
    expect(error.cause).toBe(bug);
    expect(error.message).toBe("GET /v1/account: tracing broke");
    expect(fetch.calls).toHaveLength(0);
  });

  it("can be ejected", async () => {
    const fetch = scriptedFetch(json(200, account));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch });
    const seen: string[] = [];
    const middleware: Middleware = { onRequest: ({ request }) => void seen.push(request.url) };
    clipia.raw.use(middleware);
    await clipia.account.retrieve();
    clipia.raw.eject(middleware);
    await clipia.account.retrieve();
    expect(seen).toHaveLength(1);
  });
});
