import { balanceIs, generate, get, injectFault, post } from "../helpers.js";
import type { ConformanceCase, Step } from "../types.js";

const prompt = { prompt: "a snowy mountain" };
const MIB = 1024 * 1024;

/** SPEC §3 rows not covered by the credential and key cases: 400/404/405/413/415, 409, faults. */
export const errorCases: ConformanceCase[] = [
  {
    name: "404 variants",
    covers: ["404 not_found", "404 model_not_found", "404 generation_not_found", "404 key_not_found"],
    steps: [
      get("/v1/nothing-here", "a.live", { status: 404, code: "not_found" }),
      get("/v1/models/no-such-model", "a.live", { status: 404, code: "model_not_found" }),
      generate("a.live", "no-such-model", prompt, { status: 404, code: "model_not_found" }),
      get("/v1/generations/gen_doesnotexist", "a.live", { status: 404, code: "generation_not_found" }),
      post("/v1/generations/gen_doesnotexist/cancel", "a.live", undefined, { status: 404, code: "generation_not_found" }),
      get("/v1/keys/key_doesnotexist", "a.admin", { status: 404, code: "key_not_found" }),
      { method: "PATCH", path: "/v1/keys/key_doesnotexist", auth: "a.admin", body: { name: "x" }, expect: { status: 404, code: "key_not_found" } },
    ],
  },
  {
    name: "405 method_not_allowed",
    covers: ["405 method_not_allowed"],
    steps: [
      { method: "DELETE", path: "/v1/account", auth: "a.live", expect: { status: 405, code: "method_not_allowed" } },
      { method: "PUT", path: "/v1/models", auth: "a.live", body: {}, expect: { status: 405, code: "method_not_allowed" } },
    ],
  },
  {
    name: "413 payload_too_large over 1 MiB",
    covers: ["413 payload_too_large"],
    steps: [generate("a.test", "clipia-image-1", { prompt: "x".repeat(MIB + 1) }, { status: 413, code: "payload_too_large" })],
  },
  {
    name: "415 unsupported_media_type; JSON with a charset is fine",
    covers: ["415 unsupported_media_type"],
    steps: [
      { method: "POST", path: "/v1/models/clipia-image-1", auth: "a.test", rawBody: JSON.stringify({ input: prompt }), contentType: "text/plain", expect: { status: 415, code: "unsupported_media_type" } },
      { method: "POST", path: "/v1/models/clipia-image-1", auth: "a.test", rawBody: JSON.stringify({ input: prompt }), contentType: "application/json; charset=utf-8", expect: { status: 200 } },
    ],
  },
  {
    name: "400 invalid_json",
    covers: ["400 invalid_json"],
    steps: [{ method: "POST", path: "/v1/models/clipia-image-1", auth: "a.test", rawBody: '{"input": {', contentType: "application/json", expect: { status: 400, code: "invalid_json" } }],
  },
  {
    name: "400 invalid_request: input against the schema, with param and details",
    covers: ["400 invalid_request input", "param dotted path"],
    steps: [
      generate("a.test", "clipia-video-1", {}, {
        status: 400,
        code: "invalid_request",
        param: "input.prompt",
        body: { error: { details: (d: unknown) => Array.isArray(d) && (d[0] as { param?: string })?.param === "input.prompt" } },
      }),
      generate("a.test", "clipia-video-1", { prompt: "x", duration_seconds: 11 }, { status: 400, code: "invalid_request", param: "input.duration_seconds" }),
      generate("a.test", "clipia-video-1", { prompt: "x", aspect_ratio: "4:3" }, { status: 400, code: "invalid_request", param: "input.aspect_ratio" }),
      generate("a.test", "clipia-video-1", { prompt: "x", colour: "red" }, { status: 400, code: "invalid_request" }),
      post("/v1/models/clipia-image-1", "a.test", { input: prompt, surprise: 1 }, { status: 400, code: "invalid_request" }),
      post("/v1/models/clipia-image-1", "a.test", { input: prompt, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) }, { status: 400, code: "invalid_request", param: "metadata" }),
    ],
  },
  {
    name: "400 invalid_request: limit outside 1-100",
    covers: ["400 invalid_request limit"],
    steps: ["0", "101", "ten"].map((limit): Step => get(`/v1/models?limit=${limit}`, "a.test", { status: 400, code: "invalid_request", param: "limit" })),
  },
  {
    name: "idempotency: same key and body replays without a second charge",
    covers: ["Idempotency-Key replay", "Idempotent-Replayed"],
    steps: [
      generate("a.live", "clipia-video-1", prompt, { status: 202, headers: { "idempotent-replayed": null } }, { save: "g", headers: { "idempotency-key": "order-1" } }),
      generate("a.live", "clipia-video-1", prompt, { status: 202, body: { id: "{{g.id}}" }, headers: { "idempotent-replayed": "true" } }, { headers: { "idempotency-key": "order-1" } }),
      balanceIs("a.live", 950),
    ],
  },
  {
    name: "idempotency: same key, different body: 409 idempotency_key_reused",
    covers: ["409 idempotency_key_reused"],
    steps: [
      generate("a.test", "clipia-image-1", prompt, { status: 200 }, { headers: { "idempotency-key": "k-1" } }),
      generate("a.test", "clipia-image-1", { prompt: "another" }, { status: 409, code: "idempotency_key_reused" }, { headers: { "idempotency-key": "k-1" } }),
    ],
  },
  {
    name: "idempotency: same key while the first is running: 409 idempotency_request_in_progress",
    covers: ["409 idempotency_request_in_progress", "fault delay_ms"],
    steps: [
      injectFault({ method: "POST", path: "/v1/models/clipia-image-1", delay_ms: 800 }),
      generate("a.test", "clipia-image-1", prompt, { status: 200 }, { headers: { "idempotency-key": "slow-1" }, background: true }),
      generate("a.test", "clipia-image-1", prompt, { status: 409, code: "idempotency_request_in_progress" }, { headers: { "idempotency-key": "slow-1" }, sleepMs: 200 }),
    ],
  },
  {
    name: "idempotency keys are scoped to the API key; over 255 chars is a 400",
    covers: ["Idempotency-Key scoped per API key", "Idempotency-Key length"],
    steps: [
      post("/v1/keys", "a.admin", { name: "second", environment: "test" }, { status: 201 }, { save: "k" }),
      generate("a.test", "clipia-image-1", prompt, { status: 200 }, { save: "g", headers: { "idempotency-key": "shared" } }),
      generate("k.secret", "clipia-image-1", prompt, {
        status: 200,
        headers: { "idempotent-replayed": null },
        check: (body, v) => {
          if (body.id === v.g.id) throw new Error("another API key replayed the first key's response");
        },
      }, { headers: { "idempotency-key": "shared" } }),
      generate("a.test", "clipia-image-1", prompt, { status: 400, code: "invalid_request" }, { headers: { "idempotency-key": "x".repeat(256) } }),
    ],
  },
  {
    name: "a lost response (fault phase after) retried with the same key charges once",
    covers: ["fault phase after", "retry never charges twice", "500 internal_error"],
    steps: [
      injectFault({ method: "POST", path: "/v1/models/clipia-video-1", status: 500, phase: "after" }),
      generate("a.live", "clipia-video-1", prompt, { status: 500, code: "internal_error" }, { headers: { "idempotency-key": "retry-1" } }),
      generate("a.live", "clipia-video-1", prompt, { status: 202, headers: { "idempotent-replayed": "true" } }, { headers: { "idempotency-key": "retry-1" } }),
      balanceIs("a.live", 950),
      get("/v1/generations", "a.live", { status: 200, body: { data: [{ model: "clipia-video-1" }] } }),
    ],
  },
  {
    name: "429 rate_limited with Retry-After, then back to normal",
    covers: ["429 rate_limited", "Retry-After", "fault count default 1"],
    steps: [
      injectFault({ path: "/v1/account", status: 429, retry_after: 7 }),
      get("/v1/account", "a.live", { status: 429, code: "rate_limited", headers: { "retry-after": "7" } }),
      get("/v1/account", "a.live", { status: 200 }),
    ],
  },
  {
    name: "503 service_unavailable on a path prefix, method and count",
    covers: ["503 service_unavailable", "fault path prefix", "fault count"],
    steps: [
      injectFault({ method: "GET", path: "/v1/models*", status: 503, count: 2, retry_after: 3 }),
      get("/v1/models/clipia-video-1", "a.test", { status: 503, code: "service_unavailable", headers: { "retry-after": "3" } }),
      get("/v1/models", "a.test", { status: 503, code: "service_unavailable" }),
      get("/v1/models", "a.test", { status: 200 }),
    ],
  },
  {
    name: "500 internal_error fault",
    covers: ["500 internal_error"],
    steps: [
      injectFault({ method: "GET", path: "/v1/generations", status: 500 }),
      get("/v1/generations", "a.test", { status: 500, code: "internal_error" }),
    ],
  },
  {
    name: "network_error fault: the connection fails instead of answering",
    covers: ["fault network_error"],
    steps: [
      injectFault({ path: "/v1/account", network_error: true }),
      { method: "GET", path: "/v1/account", auth: "a.live", networkError: true },
      get("/v1/account", "a.live", { status: 200 }),
    ],
  },
];
