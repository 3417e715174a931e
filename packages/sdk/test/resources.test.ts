import { Clipia, type WithResponse } from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { json, REQUEST_ID, resultOf, scriptedFetch, statusOf, submitted, TEST_KEY } from "./helpers.js";

const RATE = { "ratelimit-limit": "120", "ratelimit-remaining": "118", "ratelimit-reset": "42" };
const account = { account_id: "acc_1", balance: { credits: 10 }, usage_30d: { requests: 1, credits_spent: 4 } };
const keyInfo = {
  label: "ci",
  usage: 4,
  limit: null,
  limit_remaining: null,
  rate_limit: { requests: 120, interval: "1m" },
};
const chatGeneration = {
  id: "chatcmpl-3f9a1c7e2b41",
  model: "gpt-5.5",
  provider_name: "Clipia",
  streamed: false,
  total_cost: 0.046,
  tokens_prompt: 28,
  tokens_completion: 64,
  finish_reason: "stop",
  created_at: "2026-06-26T12:00:00Z",
};
const model = {
  slug: "nano-banana-2",
  type: "image",
  name: "Nano Banana 2",
  capabilities: ["text-to-image"],
  pricing: { credits: 4, credits_base: 4, multipliers: {} },
};
const detail = { ...model, input_schema: { prompt: { type: "string", required: true } } };

interface Row {
  name: string;
  call: (clipia: Clipia) => Promise<unknown> & { withResponse(): Promise<WithResponse<unknown>> };
  reply: Response;
  method: string;
  path: string;
  body?: unknown;
  data: unknown;
}

const ROWS: Row[] = [
  {
    name: "queue.submit",
    call: (c) =>
      c.queue.submit("nano-banana-2", { input: { prompt: "a fox" }, webhook_url: "https://example.com/hook" }),
    reply: json(200, submitted()),
    method: "POST",
    path: "/v1/models/nano-banana-2",
    body: { input: { prompt: "a fox" }, webhook_url: "https://example.com/hook" },
    data: submitted(),
  },
  {
    name: "queue.status",
    call: (c) => c.queue.status(REQUEST_ID),
    reply: json(200, statusOf("IN_PROGRESS", null, 45)),
    method: "GET",
    path: `/v1/requests/${REQUEST_ID}/status`,
    data: statusOf("IN_PROGRESS", null, 45),
  },
  {
    name: "queue.result (200: final)",
    call: (c) => c.queue.result(REQUEST_ID),
    reply: json(200, resultOf()),
    method: "GET",
    path: `/v1/requests/${REQUEST_ID}`,
    data: { ...resultOf(), pending: false },
  },
  {
    name: "queue.result (202: pending)",
    call: (c) => c.queue.result(REQUEST_ID),
    reply: json(202, { request_id: REQUEST_ID, status: "IN_QUEUE", queue_position: 1, progress: null }),
    method: "GET",
    path: `/v1/requests/${REQUEST_ID}`,
    data: { request_id: REQUEST_ID, status: "IN_QUEUE", queue_position: 1, progress: null, pending: true },
  },
  {
    name: "models.list",
    call: (c) => c.models.list(),
    reply: json(200, { object: "list", data: [model] }),
    method: "GET",
    path: "/v1/models",
    data: { object: "list", data: [model] },
  },
  {
    name: "models.retrieve (a slug is percent-encoded)",
    call: (c) => c.models.retrieve("nano banana/2"),
    reply: json(200, detail),
    method: "GET",
    path: "/v1/models/nano%20banana%2F2",
    data: detail,
  },
  {
    name: "models.estimate",
    call: (c) => c.models.estimate("kling-3", { input: { prompt: "surf", duration: 10 } }),
    reply: json(200, { credits: 72 }),
    method: "POST",
    path: "/v1/models/kling-3/estimate",
    body: { input: { prompt: "surf", duration: 10 } },
    data: { credits: 72 },
  },
  {
    name: "account.retrieve",
    call: (c) => c.account.retrieve(),
    reply: json(200, account),
    method: "GET",
    path: "/v1/account",
    data: account,
  },
  {
    name: "key.retrieve (the API's `data`, unwrapped)",
    call: (c) => c.key.retrieve(),
    reply: json(200, { data: keyInfo }),
    method: "GET",
    path: "/v1/key",
    data: keyInfo,
  },
  {
    name: "generation.retrieve (the id in the query, percent-encoded; the API's `data`, unwrapped)",
    call: (c) => c.generation.retrieve("chatcmpl-3f9a1c7e2b41&x=1"),
    reply: json(200, { data: chatGeneration }),
    method: "GET",
    path: "/v1/generation?id=chatcmpl-3f9a1c7e2b41%26x%3D1",
    data: chatGeneration,
  },
];

describe.each(ROWS)("$name", (row) => {
  it("sends one request and resolves the wire object", async () => {
    const fetch = scriptedFetch(row.reply);
    const data = await row.call(new Clipia({ apiKey: TEST_KEY, fetch }));
    expect(data).toEqual(row.data);
    expect(fetch.calls).toHaveLength(1);
    const [call] = fetch.calls;
    expect(call!.method).toBe(row.method);
    expect(call!.url).toBe(`https://api.clipia.ai${row.path}`);
    if (row.body) {
      expect(JSON.parse(call!.body)).toEqual(row.body);
      expect(call!.headers.get("content-type")).toBe("application/json");
    } else {
      expect(call!.body).toBe("");
    }
  });

  it(".withResponse() resolves {data, response, rateLimit}", async () => {
    const reply = new Response(row.reply.body, {
      status: row.reply.status,
      headers: { ...Object.fromEntries(row.reply.headers), ...RATE },
    });
    const result = await row.call(new Clipia({ apiKey: TEST_KEY, fetch: scriptedFetch(reply) })).withResponse();
    expect(result.data).toEqual(row.data);
    expect(result.response).toBeInstanceOf(Response);
    expect(result.response.status).toBe(row.reply.status);
    expect(result.rateLimit).toEqual({ limit: 120, remaining: 118, reset: 42 });
  });
});

describe("rateLimit", () => {
  it.each([
    ["absent", {}],
    ["partial", { "ratelimit-limit": "120", "ratelimit-remaining": "3" }],
    ["not numeric", { "ratelimit-limit": "lots", "ratelimit-remaining": "3", "ratelimit-reset": "1" }],
  ])("is null when the headers are %s", async (_name, headers) => {
    const fetch = scriptedFetch(json(200, account, headers));
    const { rateLimit } = await new Clipia({ apiKey: TEST_KEY, fetch }).account.retrieve().withResponse();
    expect(rateLimit).toBeNull();
  });
});
