import {
  accountSettingsAre,
  advance,
  balanceIs,
  createKey,
  estimate,
  get,
  patchAccount,
  post,
  submit,
} from "../helpers.js";
import type { ConformanceCase, Expectation } from "../types.js";

const prompt = { prompt: "a field of poppies" };
const remaining = (n: number): Expectation => ({
  status: 200,
  headers: { "ratelimit-limit": "3", "ratelimit-remaining": String(n), "ratelimit-reset": /^\d+$/ },
});
const noPlan: Expectation = { status: 402, code: "subscription_required", message: /credits but no active plan/ };
const nothingQueued = get("/_sandbox/accounts/{{a.id}}/requests", undefined, {
  status: 200,
  check: (body) => {
    if (body.data.length !== 0) throw new Error(`${body.data.length} requests recorded, expected none`);
  },
});
const limited: Expectation = {
  status: 429,
  code: "rate_limit_exceeded",
  headers: { "ratelimit-remaining": "0" },
  check: (_body, _v, reply) => {
    const after = Number(reply.headers.get("retry-after"));
    if (!(after >= 1 && after <= 60)) throw new Error(`Retry-After ${after} outside 1-60 s`);
  },
};

/** SPEC §2 rate limits and concurrency, §2/§5.3 credits and budgets. */
export const limitCases: ConformanceCase[] = [
  {
    name: "RateLimit-* on every /v1 response: default 120 a minute, counting down",
    covers: ["RateLimit headers"],
    steps: [
      get("/v1/account", "a.live", {
        status: 200,
        headers: { "ratelimit-limit": "120", "ratelimit-remaining": "119", "ratelimit-reset": /^([1-5]?\d|60)$/ },
      }),
      get("/v1/models", "a.live", { status: 200, headers: { "ratelimit-remaining": "118" } }),
      get("/v1/models/nope", "a.live", { status: 404, headers: { "ratelimit-remaining": "117" } }),
      submit("a.live", "nano-banana-2", {}, { status: 422, headers: { "ratelimit-remaining": "116" } }),
      get("/v1/account", "a.test", {
        status: 200,
        headers: { "ratelimit-limit": "120", "ratelimit-remaining": "119" },
      }),
    ],
  },
  {
    name: "over the key's requests per minute: 429 rate_limit_exceeded with Retry-After, until the window resets",
    covers: ["429 rate_limit_exceeded", "429 Retry-After", "rate limit window"],
    steps: [
      createKey("a", { rate_limit: { requests: 3, interval: "1m" } }, "k", {
        status: 201,
        body: { rate_limit: { requests: 3, interval: "1m" } },
      }),
      get("/v1/account", "k.secret", remaining(2)),
      get("/v1/key", "k.secret", {
        status: 200,
        body: { data: { rate_limit: { requests: 3, interval: "1m" } } },
        headers: { "ratelimit-remaining": "1" },
      }),
      get("/v1/models", "k.secret", remaining(0)),
      get("/v1/account", "k.secret", limited),
      submit("k.secret", "nano-banana-2", prompt, limited),
      advance("a", 61_000),
      get("/v1/account", "k.secret", remaining(2)),
    ],
  },
  {
    name: "test keys have the same rate limit",
    covers: ["429 rate_limit_exceeded", "test key rate limit"],
    steps: [
      createKey("a", { environment: "test", rate_limit: { requests: 2, interval: "1m" } }, "k"),
      submit("k.secret", "nano-banana-2", prompt, { status: 200 }, { times: 2 }),
      submit("k.secret", "nano-banana-2", prompt, limited),
    ],
  },
  {
    name: "live concurrency: over the key's concurrent generations 429, free again when they end; test keys do not count",
    covers: ["live concurrency limit"],
    steps: [
      createKey("a", { concurrency: 2 }, "k", { status: 201, body: { concurrency: 2 } }),
      submit("k.secret", "nano-banana-2", prompt, { status: 200 }, { times: 2 }),
      submit("k.secret", "nano-banana-2", prompt, { status: 429, code: "rate_limit_exceeded" }),
      advance("a", 60_000),
      submit("k.secret", "nano-banana-2", prompt, { status: 200 }),
      // The default: 10 concurrent generations per live key.
      submit("a.live", "flux-2-pro", prompt, { status: 200 }, { times: 10 }),
      submit("a.live", "flux-2-pro", prompt, { status: 429, code: "rate_limit_exceeded" }),
      createKey("a", { environment: "test", concurrency: 1 }, "t"),
      submit("t.secret", "kling-3", prompt, { status: 200 }, { times: 3 }),
    ],
  },
  {
    name: "402 insufficient_credits when the balance cannot cover the cost; nothing charged, estimate still answers",
    covers: ["402 balance"],
    accounts: { a: { balance_credits: 3 } },
    steps: [
      balanceIs("a.live", 3),
      submit("a.live", "kling-3", prompt, { status: 402, code: "insufficient_credits" }),
      estimate("a.live", "kling-3", prompt, { status: 200 }),
      balanceIs("a.live", 3),
      submit("a.test", "kling-3", prompt, { status: 200, body: { status: "COMPLETED" } }),
    ],
  },
  {
    name: "402 insufficient_credits when the key's budget cannot cover it; GET /v1/key and the key status follow",
    covers: ["402 key budget", "key status exhausted"],
    steps: [
      estimate("a.live", "flux-2-pro", prompt, { status: 200 }, { save: "e" }),
      createKey("a", { credit_limit: (v: { e: { credits: number } }) => v.e.credits + 1 }, "k"),
      submit("k.secret", "flux-2-pro", prompt, { status: 200 }),
      get("/v1/key", "k.secret", {
        status: 200,
        check: (body, v) => {
          if (body.data.usage !== v.e.credits || body.data.limit_remaining !== 1)
            throw new Error(`key info ${JSON.stringify(body.data)}`);
        },
      }),
      submit("k.secret", "flux-2-pro", prompt, { status: 402, code: "insufficient_credits" }),
      balanceIs("a.live", (v) => 1000 - v.e.credits),
      get("/_sandbox/accounts/{{a.id}}/keys", undefined, {
        status: 200,
        check: (body, v) => {
          const key = (body.data ?? body).find((k: { id: string }) => k.id === v.k.id);
          if (key?.credits_used !== v.e.credits) throw new Error(`credits_used ${key?.credits_used}`);
        },
      }),
      createKey("a", { credit_limit: 0 }, "zero"),
      submit("zero.secret", "flux-2-pro", prompt, { status: 402, code: "insufficient_credits" }),
      get("/_sandbox/accounts/{{a.id}}/keys", undefined, {
        status: 200,
        check: (body, v) => {
          const key = (body.data ?? body).find((k: { id: string }) => k.id === v.zero.id);
          if (key?.status !== "exhausted") throw new Error(`status ${key?.status}, expected exhausted`);
        },
      }),
    ],
  },
  {
    name: "402 subscription_required: a live submit without a plan; nothing charged or queued; test keys and estimate unaffected",
    covers: ["402 subscription_required", "PATCH /_sandbox/accounts/{account_id}"],
    steps: [
      patchAccount(
        "a",
        { subscription: "none" },
        {
          status: 200,
          body: { account_id: "{{a.id}}", subscription: "none", strict_inputs: false, balance: { credits: 1000 } },
        },
      ),
      submit("a.live", "kling-3", prompt, noPlan),
      submit("a.live", "nano-banana-2", prompt, noPlan, { headers: { "idempotency-key": "no-plan-1" } }),
      balanceIs("a.live", 1000),
      nothingQueued,
      estimate("a.live", "kling-3", prompt, { status: 200 }),
      get("/v1/account", "a.live", { status: 200 }),
      submit("a.test", "kling-3", prompt, { status: 200, body: { status: "COMPLETED" } }),
      balanceIs("a.live", 1000),
      // With the plan back, the same submit (and the same idempotency key: a 402 is not kept) goes through.
      patchAccount("a", { subscription: "active" }, { status: 200, body: { subscription: "active" } }),
      submit("a.live", "nano-banana-2", prompt, { status: 200 }, { headers: { "idempotency-key": "no-plan-1" } }),
    ],
  },
  {
    name: "402 subscription_required comes after the input check and before insufficient_credits (balance 0, no plan)",
    covers: ["402 subscription_required before insufficient_credits", "check order"],
    accounts: { a: { balance_credits: 0, subscription: "none" } },
    steps: [
      accountSettingsAre("a", { subscription: "none", strict_inputs: false, balance: 0 }),
      submit("a.live", "kling-3", {}, { status: 422, code: "model_input_invalid" }),
      submit("a.live", "kling-3", prompt, noPlan),
      // A key whose budget is spent hears about the plan too: topping it up would not help.
      createKey("a", { credit_limit: 0 }, "zero"),
      submit("zero.secret", "kling-3", prompt, noPlan),
      patchAccount("a", { subscription: "active" }),
      submit("a.live", "kling-3", prompt, { status: 402, code: "insufficient_credits" }),
      balanceIs("a.live", 0),
    ],
  },
  {
    name: "reset restores an account's settings to what it was created with",
    covers: ["reset restores account settings"],
    accounts: { a: {}, b: { balance_credits: 20, subscription: "none", strict_inputs: true } },
    steps: [
      accountSettingsAre("a", { subscription: "active", strict_inputs: false, balance: 1000 }),
      patchAccount(
        "a",
        { subscription: "none", strict_inputs: true, balance_credits: 5 },
        {
          status: 200,
          body: { subscription: "none", strict_inputs: true, balance: { credits: 5 } },
        },
      ),
      accountSettingsAre("a", { subscription: "none", strict_inputs: true, balance: 5 }),
      post("/_sandbox/reset", undefined, { account_id: "{{a.id}}" }, { status: 200 }),
      accountSettingsAre("a", { subscription: "active", strict_inputs: false, balance: 1000 }),
      submit("a.live", "nano-banana-2", prompt, { status: 200 }),
      patchAccount("b", { subscription: "active", strict_inputs: false }),
      post("/_sandbox/reset", undefined, { account_id: "{{b.id}}" }, { status: 200 }),
      accountSettingsAre("b", { subscription: "none", strict_inputs: true, balance: 20 }),
      submit("b.live", "nano-banana-2", prompt, noPlan),
    ],
  },
];
