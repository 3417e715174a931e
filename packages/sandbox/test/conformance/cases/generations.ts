import { advanceClock, balanceIs, generate, get, isNull, isPositiveInteger, isString, post } from "../helpers.js";
import type { ConformanceCase } from "../types.js";

const prompt = { prompt: "a paper boat on a river" };

/** SPEC §2 generation semantics: test and live keys, pipeline, triggers, cancel, isolation, lists. */
export const generationCases: ConformanceCase[] = [
  {
    name: "test key: 200 completed at once, deterministic output, no credits, stored and listed",
    covers: ["POST /v1/models/{model} test", "test determinism", "GET /v1/generations/{id}"],
    steps: [
      generate("a.test", "clipia-video-1", { prompt: "same input" }, {
        status: 200,
        body: {
          object: "generation",
          model: "clipia-video-1",
          environment: "test",
          status: "completed",
          cost_credits: 0,
          queue_position: isNull,
          error: isNull,
          input: { prompt: "same input", duration_seconds: 5, aspect_ratio: "16:9" },
          output: { url: isString, content_type: isString },
          metadata: {},
        },
      }, { save: "g1" }),
      generate("a.test", "clipia-video-1", { prompt: "same input" }, {
        status: 200,
        check: (body, v) => {
          if (body.id === v.g1.id) throw new Error("a second generation reused the id");
          if (JSON.stringify(body.output) !== JSON.stringify(v.g1.output)) throw new Error("same input, different output");
        },
      }),
      get("/v1/generations/{{g1.id}}", "a.test", { status: 200, body: { id: "{{g1.id}}", status: "completed" } }),
      balanceIs("a.test", 1000),
    ],
  },
  {
    name: "live key: 202 queued, charged, then in_progress and completed on the sandbox clock",
    covers: ["POST /v1/models/{model} live", "live pipeline", "cost per second", "queue_position"],
    steps: [
      generate("a.live", "clipia-video-1", { ...prompt, duration_seconds: 3 }, {
        status: 202,
        body: { status: "queued", environment: "live", cost_credits: 30, queue_position: isPositiveInteger, output: isNull, started_at: isNull },
      }, { save: "g" }),
      balanceIs("a.live", 970),
      advanceClock(2_500),
      get("/v1/generations/{{g.id}}", "a.live", { status: 200, body: { status: "in_progress", queue_position: isNull, started_at: isString } }),
      advanceClock(60_000),
      get("/v1/generations/{{g.id}}", "a.live", {
        status: 200,
        body: { status: "completed", output: { url: isString }, completed_at: isString, cost_credits: 30 },
      }),
      get("/v1/generations?status=completed", "a.live", {
        status: 200,
        check: (body, v) => {
          if (!body.data.some((g: { id: string }) => g.id === v.g.id)) throw new Error("completed generation not listed");
        },
      }),
      balanceIs("a.live", 970),
    ],
  },
  {
    name: "sandbox:fail with a test key: 200 failed with an error",
    covers: ["sandbox:fail test"],
    steps: [
      generate("a.test", "clipia-image-1", { prompt: "please sandbox:fail" }, {
        status: 200,
        body: { status: "failed", output: isNull, error: { code: "generation_failed", message: isString }, cost_credits: 0 },
      }),
    ],
  },
  {
    name: "sandbox:fail with a live key: ends failed and refunded",
    covers: ["sandbox:fail live", "refund on failed"],
    steps: [
      generate("a.live", "clipia-video-1", { prompt: "sandbox:fail" }, { status: 202 }, { save: "g" }),
      balanceIs("a.live", 950),
      advanceClock(60_000),
      get("/v1/generations/{{g.id}}", "a.live", { status: 200, body: { status: "failed", error: { code: "generation_failed" } } }),
      balanceIs("a.live", 1000),
    ],
  },
  {
    name: "sandbox:slow stays in_progress until 10 minutes have passed",
    covers: ["sandbox:slow"],
    steps: [
      generate("a.live", "clipia-image-1", { prompt: "sandbox:slow" }, { status: 202 }, { save: "g" }),
      advanceClock(120_000),
      get("/v1/generations/{{g.id}}", "a.live", { status: 200, body: { status: "in_progress" } }),
      advanceClock(481_000),
      get("/v1/generations/{{g.id}}", "a.live", { status: 200, body: { status: "completed" } }),
    ],
  },
  {
    name: "cancel: queued live generation is canceled and refunded; a final one is 409",
    covers: ["POST /v1/generations/{id}/cancel", "409 generation_not_cancelable", "refund on cancel"],
    steps: [
      generate("a.live", "clipia-video-1", prompt, { status: 202 }, { save: "g" }),
      balanceIs("a.live", 950),
      post("/v1/generations/{{g.id}}/cancel", "a.live", undefined, { status: 200, body: { id: "{{g.id}}", status: "canceled" } }),
      balanceIs("a.live", 1000),
      post("/v1/generations/{{g.id}}/cancel", "a.live", {}, { status: 409, code: "generation_not_cancelable" }),
      generate("a.test", "clipia-image-1", prompt, { status: 200 }, { save: "t" }),
      post("/v1/generations/{{t.id}}/cancel", "a.test", undefined, { status: 409, code: "generation_not_cancelable" }),
    ],
  },
  {
    name: "402 insufficient_credits on a small balance; cheaper model and test keys still work",
    covers: ["402 insufficient_credits", "check order input before credits"],
    accounts: { a: { balance_credits: 10 } },
    steps: [
      generate("a.live", "clipia-video-1", prompt, { status: 402, code: "insufficient_credits" }),
      generate("a.live", "clipia-video-1", { duration_seconds: 99 }, { status: 400, code: "invalid_request" }),
      generate("a.test", "clipia-video-1", prompt, { status: 200 }),
      generate("a.live", "clipia-image-1", prompt, { status: 202 }),
      balanceIs("a.live", 8),
    ],
  },
  {
    name: "another account's generation and key: 404, never 403",
    covers: ["cross-account 404"],
    accounts: { a: {}, b: {} },
    steps: [
      generate("a.live", "clipia-image-1", prompt, { status: 202 }, { save: "g" }),
      get("/v1/generations/{{g.id}}", "b.live", { status: 404, code: "generation_not_found" }),
      post("/v1/generations/{{g.id}}/cancel", "b.live", undefined, { status: 404, code: "generation_not_found" }),
      get("/v1/generations", "b.live", { status: 200, body: { data: [] } }),
      get("/v1/account", "a.live", { status: 200 }, { save: "acct" }),
      get("/v1/keys/{{acct.key.id}}", "b.admin", { status: 404, code: "key_not_found" }),
    ],
  },
  {
    name: "test and live are separate environments",
    covers: ["test vs live isolation"],
    steps: [
      generate("a.live", "clipia-image-1", prompt, { status: 202 }, { save: "live" }),
      generate("a.test", "clipia-image-1", prompt, { status: 200 }, { save: "test" }),
      get("/v1/generations/{{live.id}}", "a.test", { status: 404, code: "generation_not_found" }),
      get("/v1/generations/{{test.id}}", "a.live", { status: 404, code: "generation_not_found" }),
      get("/v1/generations", "a.test", { status: 200, body: { data: [{ id: "{{test.id}}", environment: "test" }] } }),
    ],
  },
  {
    name: "cursor pagination of models and generations; filters",
    covers: ["pagination", "GET /v1/models", "GET /v1/generations filters"],
    steps: [
      get("/v1/models?limit=2", "a.test", { status: 200, body: { object: "list", has_more: true, next_cursor: isString } }, { save: "p1" }),
      get("/v1/models?limit=2&after={{p1.next_cursor}}", "a.test", {
        status: 200,
        body: { has_more: false, next_cursor: isNull },
        check: (body, v) => {
          const seen = new Set(v.p1.data.map((m: { id: string }) => m.id));
          if (body.data.length !== 2 || body.data.some((m: { id: string }) => seen.has(m.id))) throw new Error("page 2 overlaps page 1 or is short");
        },
      }),
      generate("a.test", "clipia-image-1", prompt, { status: 200 }),
      generate("a.test", "clipia-image-1", prompt, { status: 200 }),
      generate("a.test", "clipia-video-1-fast", prompt, { status: 200 }),
      get("/v1/generations?limit=2", "a.test", { status: 200, body: { has_more: true } }, { save: "g1" }),
      get("/v1/generations?limit=2&after={{g1.next_cursor}}", "a.test", { status: 200, body: { has_more: false, data: [{ object: "generation" }] } }),
      get("/v1/generations?model=clipia-video-1-fast", "a.test", { status: 200, body: { data: [{ model: "clipia-video-1-fast" }] } }),
      get("/v1/generations?status=queued", "a.test", { status: 200, body: { data: [] } }),
    ],
  },
];
