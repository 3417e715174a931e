// clipia.raw: the typed openapi-fetch client over the SDK's transport. Its calls do not go through
// the resources' buffered path, so they are pinned here on both transports (an injected fetch,
// which gets a Request, and the global fetch, called as fetch(url, init)).
import { APIConnectionError, APIUserAbortError, Clipia, NotFoundError, type ClipiaOptions } from "@clipia/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, generation, json, LIVE_KEY, scriptedFetch, type Reply } from "./helpers.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

type Transport = (
  replies: Reply[],
  options?: ClipiaOptions,
) => { clipia: Clipia; calls: () => Array<{ method: string; url: string; headers: Headers; body: string }> };

const injected: Transport = (replies, options) => {
  const fetch = scriptedFetch(...replies);
  return { clipia: new Clipia({ apiKey: LIVE_KEY, fetch, logLevel: "off", ...options }), calls: () => fetch.calls };
};

const global: Transport = (replies, options) => {
  const inner = scriptedFetch(...replies);
  vi.stubGlobal("fetch", (input: string, init?: RequestInit) => inner(new Request(input, init)));
  return { clipia: new Clipia({ apiKey: LIVE_KEY, logLevel: "off", ...options }), calls: () => inner.calls };
};

describe.each([
  ["an injected fetch", injected],
  ["the global fetch", global],
] as const)("clipia.raw over %s", (_name, transport) => {
  it("returns parsed data and a readable Response with status and headers", async () => {
    const { clipia, calls } = transport([json(200, generation({ id: "gen_raw" }), { "x-request-id": "req_raw" })]);
    const { data, error, response } = await clipia.raw.GET("/v1/generations/{id}", { params: { path: { id: "gen_raw" } } });
    expect(error).toBeUndefined();
    expect(data?.id).toBe("gen_raw");
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get("x-request-id")).toBe("req_raw");
    expect(calls()[0]!.headers.get("authorization")).toBe(`Bearer ${LIVE_KEY}`);
  });

  it("hands the body over unread with parseAs: text", async () => {
    const { clipia } = transport([json(200, { id: "acct_1", object: "account" })]);
    const { data } = await clipia.raw.GET("/v1/account", { parseAs: "text" });
    expect(JSON.parse(data as string)).toEqual({ id: "acct_1", object: "account" });
  });

  it("sends a JSON body with its content type", async () => {
    const { clipia, calls } = transport([json(202, generation({ status: "queued" }))]);
    const { data } = await clipia.raw.POST("/v1/models/{model}", {
      params: { path: { model: "clipia-video-1" } },
      body: { input: { prompt: "fox" } },
    });
    expect(data?.status).toBe("queued");
    expect(calls()[0]!.body).toBe(JSON.stringify({ input: { prompt: "fox" } }));
    expect(calls()[0]!.headers.get("content-type")).toBe("application/json");
  });

  it.each([
    ["a 204", () => new Response(null, { status: 204, headers: { "x-request-id": "req_1" } })],
    ["an empty 200", () => new Response("", { status: 200, headers: { "x-request-id": "req_1" } })],
    ["an empty 200 with Content-Length: 0", () => new Response("", { status: 200, headers: { "content-length": "0" } })],
  ])("answers %s with undefined data and no error", async (_case, reply) => {
    const { clipia } = transport([reply]);
    const { data, error, response } = await clipia.raw.DELETE("/v1/keys/{id}", { params: { path: { id: "key_1" } } });
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
    expect(response.ok).toBe(true);
  });

  it("throws API errors as the SDK's classes (not openapi-fetch's { error })", async () => {
    const { clipia, calls } = transport([apiError(404, "generation_not_found")]);
    const rejected = clipia.raw.GET("/v1/generations/{id}", { params: { path: { id: "gen_x" } } });
    await expect(rejected).rejects.toBeInstanceOf(NotFoundError);
    await expect(rejected).rejects.toMatchObject({ status: 404, code: "generation_not_found", requestId: "req_test123" });
    expect(calls()).toHaveLength(1);
  });

  it("retries like the resources do", async () => {
    const { clipia, calls } = transport([
      apiError(503, "service_unavailable", {}, { "retry-after-ms": "0" }),
      json(200, { id: "acct_1" }),
    ]);
    const { data } = await clipia.raw.GET("/v1/account");
    expect(data?.id).toBe("acct_1");
    expect(calls()).toHaveLength(2);
  });

  it("throws APIConnectionError when the transport fails", async () => {
    const cause = new TypeError("fetch failed");
    const { clipia, calls } = transport([cause], { maxRetries: 0 });
    const error = await clipia.raw.GET("/v1/account").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).cause).toBe(cause);
    expect(calls()).toHaveLength(1);
  });

  it("honours the call's signal", async () => {
    const { clipia, calls } = transport([() => new Promise<Response>(() => {})], { timeout: 1_000 });
    const controller = new AbortController();
    const pending = clipia.raw.GET("/v1/account", { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(calls()).toHaveLength(1);

    const aborted = new AbortController();
    aborted.abort();
    await expect(clipia.raw.GET("/v1/account", { signal: aborted.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(calls()).toHaveLength(1);
  });
});

describe.each([
  ["an injected fetch", injected],
  ["the global fetch", global],
] as const)("clipia.raw.use() middleware over %s", (_name, transport) => {
  it("may replace the Request, on raw calls and on resource calls", async () => {
    const { clipia, calls } = transport([json(200, { id: "acct_1", object: "account" })]);
    clipia.raw.use({
      onRequest: ({ request }) => {
        const headers = new Headers(request.headers);
        headers.set("x-trace", "t-1");
        return new Request(request, { headers });
      },
    });
    await clipia.raw.GET("/v1/account");
    const account = await clipia.account.retrieve();
    expect(account.id).toBe("acct_1");
    expect(calls().map((call) => call.headers.get("x-trace"))).toEqual(["t-1", "t-1"]);
    expect(calls()[1]!.headers.get("authorization")).toBe(`Bearer ${LIVE_KEY}`);
  });

  it("may replace the Response, and resource calls return what it says", async () => {
    const { clipia } = transport([json(200, { id: "acct_1", object: "account", name: "before" })]);
    clipia.raw.use({
      onResponse: async ({ response }) => {
        const body = (await response.clone().json()) as Record<string, unknown>;
        return new Response(JSON.stringify({ ...body, name: "after" }), { status: 200, headers: response.headers });
      },
    });
    const account = await clipia.account.retrieve();
    expect(account.name).toBe("after");
    expect(account._request_id).toBe("req_test123");
  });
});
