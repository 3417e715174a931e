import { balanceIs, createKey, get, submit } from "../helpers.js";
import type { ConformanceCase } from "../types.js";

const prompt = { prompt: "a windmill" };

/**
 * SPEC §3 check order: credentials (401) → IP allow-list (403) → scope (403) → rate limit (429) →
 * idempotency → body (400) → model exists (404) → model access (403) → input (422) → credits (402).
 * Each step fails two checks at once; the earlier one must win.
 */
export const checkOrderCases: ConformanceCase[] = [
  {
    name: "check order of SPEC §3, one pair of failures at a time",
    covers: ["check order"],
    accounts: { a: { balance_credits: 1 } },
    steps: [
      // 401 before 403 ip: a revoked key from outside its allow-list.
      createKey("a", { allowed_ips: ["10.0.0.0/8"] }, "gone"),
      { method: "DELETE", path: "/_sandbox/keys/{{gone.id}}", expect: { status: 200 } },
      get("/v1/account", "gone.secret", { status: 401, code: "invalid_api_key" }),
      // 403 ip before 403 scope: a read-only key from outside its allow-list.
      createKey("a", { scopes: ["read"], allowed_ips: ["10.0.0.0/8"] }, "fencedReader"),
      submit("fencedReader.secret", "nano-banana-2", prompt, { status: 403, code: "ip_not_allowed" }),
      // scope before rate limit: a read-only key over its limit.
      createKey("a", { scopes: ["read"], rate_limit: { requests: 1, interval: "1m" } }, "reader"),
      get("/v1/models", "reader.secret", { status: 200 }),
      submit("reader.secret", "nano-banana-2", prompt, { status: 403, code: "insufficient_scope" }),
      // rate limit before idempotency: a replay over the limit.
      createKey("a", { environment: "test", rate_limit: { requests: 1, interval: "1m" } }, "once"),
      submit("once.secret", "nano-banana-2", prompt, { status: 200 }, { headers: { "idempotency-key": "order-1" } }),
      submit(
        "once.secret",
        "nano-banana-2",
        prompt,
        { status: 429, code: "rate_limit_exceeded" },
        { headers: { "idempotency-key": "order-1" } },
      ),
      // idempotency before body: the same key with a body that does not parse.
      submit("a.test", "nano-banana-2", prompt, { status: 200 }, { headers: { "idempotency-key": "order-2" } }),
      {
        method: "POST",
        path: "/v1/models/nano-banana-2",
        auth: "a.test",
        headers: { "idempotency-key": "order-2" },
        rawBody: "{broken",
        expect: { status: 409, code: "idempotency_key_reuse" },
      },
      // body before model: a broken body to an unknown model.
      {
        method: "POST",
        path: "/v1/models/no-such-model",
        auth: "a.test",
        rawBody: "{broken",
        expect: { status: 400, code: "invalid_request" },
      },
      // model exists before model access; model access before input.
      createKey("a", { model_access: { mode: "include", models: ["nano-banana-2"] } }, "inc"),
      submit("inc.secret", "no-such-model", prompt, { status: 404, code: "not_found" }),
      submit("inc.secret", "kling-3", {}, { status: 403, code: "model_not_allowed" }),
      // input before credits: the account holds 1 credit.
      submit("a.live", "kling-3", {}, { status: 422, code: "model_input_invalid" }),
      submit("a.live", "kling-3", prompt, { status: 402, code: "insufficient_credits" }),
      balanceIs("a.live", 1),
    ],
  },
];
