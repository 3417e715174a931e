import { createKey, fault, get, isCount, isString, isTime, patchAccount, post } from "../helpers.js";
import type { ConformanceCase, Vars } from "../types.js";

// SPEC v3 §2.2, the AI gateway: `POST /v1/chat/completions` and `GET /v1/generation?id=`. Each
// answer, the SSE stream included (each event against ChatCompletionChunk), is validated against
// openapi.yaml by the runner.

const CHAT = "/v1/chat/completions";
const MODEL = "claude-opus-4-8";
const hello = (extra: Record<string, unknown> = {}) => ({
  model: MODEL,
  messages: [{ role: "user", content: "Tell me three facts about Mars." }],
  ...extra,
});

/** The `data:` JSON events of an SSE body (without the final `[DONE]`). */
function events(text: string): any[] {
  const data = text
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: "))
    .map((frame) => frame.slice(6));
  if (data.at(-1) !== "[DONE]") throw new Error(`the stream does not end with [DONE]: ${text.slice(-80)}`);
  return data.slice(0, -1).map((json) => JSON.parse(json));
}

const idPattern = /^chatcmpl-[0-9a-f]{12}$/;

export const gatewayCases: ConformanceCase[] = [
  {
    name: "chat (v3): a chat.completion with provider Clipia; the same request gives the same reply",
    covers: ["chat completion", "chat deterministic"],
    steps: [
      post(
        CHAT,
        "a.test",
        hello({ temperature: 0.7, max_tokens: 512, some_future_option: true }),
        {
          status: 200,
          body: {
            id: idPattern,
            object: "chat.completion",
            model: MODEL,
            provider: "Clipia",
            choices: [{ index: 0, message: { role: "assistant", content: /Mars/ }, finish_reason: "stop" }],
            usage: { prompt_tokens: isCount, completion_tokens: isCount, total_tokens: isCount },
          },
          check: (body) => {
            const { prompt_tokens, completion_tokens, total_tokens } = body.usage;
            if (prompt_tokens + completion_tokens !== total_tokens)
              throw new Error(`usage ${JSON.stringify(body.usage)}`);
          },
        },
        { save: "first" },
      ),
      post(CHAT, "a.test", hello({ temperature: 0.7, max_tokens: 512, some_future_option: true }), {
        status: 200,
        check: (body, v) => {
          if (body.id === v.first.id) throw new Error("two completions share an id");
          if (JSON.stringify(body.choices) !== JSON.stringify(v.first.choices)) throw new Error("the reply changed");
        },
      }),
    ],
  },
  {
    name: "chat (v3): stream: true answers SSE chunks whose deltas concatenate to the plain content, RateLimit-* included",
    covers: ["chat streaming", "RateLimit headers"],
    steps: [
      post(CHAT, "a.test", hello(), { status: 200 }, { save: "plain" }),
      post(CHAT, "a.test", hello({ stream: true, stream_options: { include_usage: true } }), {
        status: 200,
        headers: { "content-type": /^text\/event-stream/, "ratelimit-limit": /^\d+$/, "ratelimit-remaining": /^\d+$/ },
        check: (_body, v: Vars, reply) => {
          const chunks = events(reply.text);
          const ids = new Set(chunks.map((chunk) => chunk.id));
          if (ids.size !== 1) throw new Error(`chunk ids ${[...ids]}`);
          if (chunks[0].choices[0].delta.role !== "assistant") throw new Error("the first delta has no role");
          const choiceChunks = chunks.filter((chunk) => chunk.choices.length > 0);
          const content = choiceChunks.map((chunk) => chunk.choices[0].delta.content ?? "").join("");
          if (content !== v.plain.choices[0].message.content)
            throw new Error(
              `streamed ${JSON.stringify(content)}, plain ${JSON.stringify(v.plain.choices[0].message.content)}`,
            );
          if (choiceChunks.at(-1).choices[0].finish_reason !== "stop")
            throw new Error("no finish_reason on the last choice chunk");
          const last = chunks.at(-1);
          if (last.choices.length !== 0 || JSON.stringify(last.usage) !== JSON.stringify(v.plain.usage))
            throw new Error(`usage chunk ${JSON.stringify(last)}`);
        },
      }),
    ],
  },
  {
    name: "chat (v3): 400 invalid_request for a malformed body or a generation model; 404 for an unknown model",
    covers: ["chat 400", "chat 404 unknown model"],
    steps: [
      ...[
        { model: MODEL },
        { model: MODEL, messages: [] },
        { model: MODEL, messages: [{ content: "no role" }] },
        { model: MODEL, messages: [{ role: "robot", content: "x" }] },
        { model: 42, messages: [{ role: "user", content: "x" }] },
        hello({ n: 0 }),
        hello({ n: 9 }),
        hello({ stream: "yes" }),
        hello({ tool_choice: { type: "function", function: { name: "missing" } } }),
        hello({ model: "nano-banana-2" }),
      ].map((body) => post(CHAT, "a.test", body, { status: 400, code: "invalid_request" })),
      {
        method: "POST",
        path: CHAT,
        auth: "a.test",
        rawBody: '{"model": "claude-opus-4-8", "messages": [',
        contentType: "application/json",
        expect: { status: 400, code: "invalid_request" },
      },
      post(CHAT, "a.test", hello({ model: "no-such-model" }), { status: 404, code: "not_found" }),
    ],
  },
  {
    name: "chat (v3): 401 without a key, 403 insufficient_scope without generate, 429 over the rate limit",
    covers: ["chat 401", "chat 403 insufficient_scope", "chat 429"],
    steps: [
      post(CHAT, undefined, hello(), { status: 401, code: "invalid_api_key" }),
      post(CHAT, "a.test_read_only", hello(), { status: 403, code: "insufficient_scope" }),
      createKey("a", { environment: "test", rate_limit: { requests: 1, interval: "1m" } }, "slow"),
      post(CHAT, "slow.secret", hello(), { status: 200 }),
      post(CHAT, "slow.secret", hello(), {
        status: 429,
        code: "rate_limit_exceeded",
        headers: { "retry-after": /^\d+$/, "ratelimit-remaining": "0" },
      }),
    ],
  },
  {
    name: "chat (v3): 402 insufficient_credits for a poor balance or key budget, subscription_required without a plan",
    covers: ["chat 402"],
    accounts: { a: {}, poor: { balance_credits: 0 }, unpaid: { subscription: "none" } },
    steps: [
      post(CHAT, "poor.live", hello(), { status: 402, code: "insufficient_credits" }),
      // A test key of a poor account is charged nothing: it works.
      post(CHAT, "poor.test", hello(), { status: 200 }),
      createKey("a", { credit_limit: 0 }, "zero"),
      post(CHAT, "zero.secret", hello(), { status: 402, code: "insufficient_credits", message: /budget/ }),
      post(CHAT, "unpaid.live", hello(), { status: 402, code: "subscription_required" }),
      post(CHAT, "unpaid.test", hello(), { status: 200 }),
      patchAccount("unpaid", { subscription: "active" }),
      post(CHAT, "unpaid.live", hello(), { status: 200 }),
    ],
  },
  {
    name: "chat (v3): a live key is charged exactly /v1/generation's total_cost; a test key nothing",
    covers: ["chat billing", "GET /v1/generation"],
    steps: [
      post(CHAT, "a.live", hello(), { status: 200 }, { save: "live" }),
      get(
        "/v1/generation?id={{live.id}}",
        "a.live",
        {
          status: 200,
          body: {
            data: {
              id: "{{live.id}}",
              model: MODEL,
              provider_name: "Clipia",
              streamed: false,
              finish_reason: "stop",
              created_at: isTime,
            },
          },
          check: (body, v) => {
            const data = body.data;
            if (
              data.tokens_prompt !== v.live.usage.prompt_tokens ||
              data.tokens_completion !== v.live.usage.completion_tokens
            )
              throw new Error(`tokens ${JSON.stringify(data)} vs usage ${JSON.stringify(v.live.usage)}`);
            if (!(data.total_cost > 0)) throw new Error(`total_cost ${data.total_cost}`);
          },
        },
        { save: "cost" },
      ),
      get("/v1/account", "a.live", {
        status: 200,
        check: (body, v) => {
          const expected = Math.round((1000 - v.cost.data.total_cost) * 1e6) / 1e6;
          if (body.balance.credits !== expected)
            throw new Error(`balance ${body.balance.credits}, expected ${expected}`);
          if (body.usage_30d.requests !== 1 || body.usage_30d.credits_spent !== v.cost.data.total_cost)
            throw new Error(`usage_30d ${JSON.stringify(body.usage_30d)}`);
        },
      }),
      get("/v1/key", "a.live", {
        status: 200,
        check: (body, v) => {
          if (body.data.usage !== v.cost.data.total_cost) throw new Error(`key usage ${body.data.usage}`);
        },
      }),
      post(CHAT, "a.test", hello({ stream: true }), { status: 200 }),
      get("/v1/account", "a.test", {
        status: 200,
        check: (body, v) => {
          const expected = Math.round((1000 - v.cost.data.total_cost) * 1e6) / 1e6;
          if (body.balance.credits !== expected)
            throw new Error(`a test chat moved the balance: ${body.balance.credits}`);
          if (body.usage_30d.credits_spent !== 0) throw new Error(`test usage ${JSON.stringify(body.usage_30d)}`);
        },
      }),
    ],
  },
  {
    name: "GET /v1/generation (v3): 404 for another account's, another environment's or an unknown id; 400 without id",
    covers: ["GET /v1/generation 404"],
    accounts: { a: {}, b: {} },
    steps: [
      post(CHAT, "a.test", hello(), { status: 200 }, { save: "chat" }),
      get("/v1/generation?id={{chat.id}}", "a.test", {
        status: 200,
        body: { data: { id: "{{chat.id}}", total_cost: (value: unknown) => typeof value === "number" && value > 0 } },
      }),
      get("/v1/generation?id={{chat.id}}", "a.live", { status: 404, code: "not_found" }),
      get("/v1/generation?id={{chat.id}}", "b.test", { status: 404, code: "not_found" }),
      get("/v1/generation?id=chatcmpl-000000000000", "a.test", { status: 404, code: "not_found" }),
      get("/v1/generation", "a.test", { status: 400, code: "invalid_request" }),
      get("/v1/generation?id=", "a.test", { status: 400, code: "invalid_request" }),
    ],
  },
  {
    name: "chat (v3): injected faults match the chat path; 405 for another method",
    covers: ["chat faults"],
    steps: [
      fault("a", { method: "POST", path: CHAT, status: 503 }),
      post(CHAT, "a.test", hello(), { status: 503, code: "service_unavailable" }),
      post(CHAT, "a.test", hello(), { status: 200, body: { id: isString } }),
      get(CHAT, "a.test", { status: 405, headers: { allow: /POST/ } }),
    ],
  },
];
