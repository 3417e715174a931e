import { fault, get, post, submit } from "../helpers.js";
import type { ConformanceCase, HttpStep } from "../types.js";

const prompt = { prompt: "a snowy mountain" };
const MIB = 1024 * 1024;
const raw = (
  auth: string,
  path: string,
  rawBody: string,
  contentType: string,
  expect: HttpStep["expect"],
): HttpStep => ({ method: "POST", path, auth, rawBody, contentType, expect });

/** SPEC §2 body rules and §3: 400, 405, 413, 415, 422, 500/503, the webhook_url rule. */
export const errorCases: ConformanceCase[] = [
  {
    name: "input policy (v3): what Clipia's own code sends is accepted; unknown fields are ignored; enum case folds",
    covers: ["input policy accepts Clipia's examples"],
    steps: [
      // The official READMEs: seedance at 8 s and 1080p, image-to-video without a prompt.
      post(
        "/v1/models/seedance-2-fast-t2v/estimate",
        "a.test",
        { input: { prompt: "aerial shot over a neon city", duration: 8, resolution: "1080p" } },
        { status: 200, body: { credits: 113 } },
      ),
      submit(
        "a.test",
        "seedance-2-fast-i2v",
        { image_url: "https://example.com/in.png", duration: 4 },
        {
          status: 200,
          body: { status: "COMPLETED", cost: 38 },
        },
      ),
      // OpenMontage's image-to-image and a lower-case resolution, priced as its catalog spelling.
      submit(
        "a.test",
        "nano-banana-2",
        { prompt: "x", image_url: "https://example.com/a.png", resolution: "4k" },
        {
          status: 200,
          body: { cost: 6 },
        },
      ),
      submit("a.test", "nano-banana-2", { prompt: "x", resolution: "2K" }, { status: 200, body: { cost: 4 } }),
      // A field no schema lists is accepted and ignored (a warning on the request record).
      submit(
        "a.test",
        "kling-3",
        { prompt: "x", negative_prompt: "blur", camera_motion: "dolly" },
        {
          status: 200,
          body: { cost: 36 },
        },
      ),
      submit("a.test", "sora-2-pro", { prompt: "x", duration: 12 }, { status: 200, body: { cost: 28 } }),
    ],
  },
  {
    name: "400 invalid_request: a body that does not parse, is not an object, or has unknown top-level fields",
    covers: ["400 bad JSON", "400 non-object", "400 unknown top-level field"],
    steps: [
      raw("a.test", "/v1/models/nano-banana-2", '{"input": {', "application/json", {
        status: 400,
        code: "invalid_request",
      }),
      raw("a.test", "/v1/models/nano-banana-2", "", "application/json", { status: 400, code: "invalid_request" }),
      ...["[]", '"input"', "null", "42"].map((body) =>
        raw("a.test", "/v1/models/nano-banana-2", body, "application/json", { status: 400, code: "invalid_request" }),
      ),
      post(
        "/v1/models/nano-banana-2",
        "a.test",
        { input: prompt, metadata: { order: 1 } },
        { status: 400, code: "invalid_request", message: /metadata/ },
      ),
      raw("a.test", "/v1/models/nano-banana-2/estimate", "{nope", "application/json", {
        status: 400,
        code: "invalid_request",
      }),
      raw("a.test", "/v1/models/nano-banana-2", JSON.stringify({ input: prompt }), "application/json; charset=utf-8", {
        status: 200,
      }),
    ],
  },
  {
    name: "422 model_input_invalid names the field: missing, wrong type, outside the enum, outside the bounds",
    covers: ["422 model_input_invalid"],
    steps: [
      submit("a.test", "nano-banana-2", {}, { status: 422, code: "model_input_invalid", message: /prompt/ }),
      submit(
        "a.test",
        "nano-banana-2",
        { prompt: 42 },
        { status: 422, code: "model_input_invalid", message: /prompt/ },
      ),
      submit(
        "a.test",
        "nano-banana-2",
        { prompt: "x", aspect_ratio: "7:3" },
        { status: 422, code: "model_input_invalid", message: /aspect_ratio/ },
      ),
      submit(
        "a.test",
        "nano-banana-2",
        { prompt: "x", num_images: 9 },
        { status: 422, code: "model_input_invalid", message: /num_images/ },
      ),
      submit(
        "a.test",
        "seedance-2-fast-i2v",
        { prompt: "x" },
        { status: 422, code: "model_input_invalid", message: /image_url/ },
      ),
      submit(
        "a.test",
        "kling-3",
        { prompt: "x", resolution: "240p" },
        { status: 422, code: "model_input_invalid", message: /resolution/ },
      ),
      ...[3, 16].map((seconds) =>
        submit(
          "a.test",
          "seedance-2-fast-t2v",
          { prompt: "x", duration: seconds },
          { status: 422, code: "model_input_invalid", message: /duration/ },
        ),
      ),
      submit(
        "a.test",
        "seedance-2-fast-t2v",
        { prompt: "x", duration: "8" },
        { status: 422, code: "model_input_invalid", message: /duration/ },
      ),
      submit(
        "a.live",
        "kling-3",
        { prompt: "x", generate_audio: "yes" },
        { status: 422, code: "model_input_invalid", message: /generate_audio/ },
      ),
      post(
        "/v1/models/nano-banana-2/estimate",
        "a.test",
        { input: {} },
        { status: 422, code: "model_input_invalid", message: /prompt/ },
      ),
      get("/v1/account", "a.live", { status: 200, body: { balance: { credits: 1000 } } }),
    ],
  },
  {
    name: "webhook_url: https, or http on a loopback host; anything else 400",
    covers: ["webhook_url rule"],
    steps: [
      ...[
        "https://hooks.example.com/clipia",
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "http://[::1]:9/hook",
      ].map((url) => post("/v1/models/nano-banana-2", "a.test", { input: prompt, webhook_url: url }, { status: 200 })),
      ...["http://hooks.example.com/clipia", "ftp://127.0.0.1/x", "not a url", "", 42].map((url) =>
        post(
          "/v1/models/nano-banana-2",
          "a.test",
          { input: prompt, webhook_url: url },
          { status: 400, code: "invalid_request", message: /webhook_url/ },
        ),
      ),
    ],
  },
  {
    name: "405 with Allow and code invalid_request on a known path with another method",
    covers: ["405 Allow"],
    steps: [
      {
        method: "DELETE",
        path: "/v1/account",
        auth: "a.live",
        expect: { status: 405, code: "invalid_request", headers: { allow: /^GET(, HEAD)?$/ } },
      },
      {
        method: "PUT",
        path: "/v1/models/nano-banana-2",
        auth: "a.live",
        body: {},
        expect: { status: 405, code: "invalid_request", headers: { allow: /GET/ } },
      },
      {
        method: "POST",
        path: "/v1/requests/00000000-0000-4000-8000-000000000000",
        auth: "a.live",
        body: {},
        expect: { status: 405, code: "invalid_request", headers: { allow: /GET/ } },
      },
      {
        method: "GET",
        path: "/v1/models/nano-banana-2/estimate",
        auth: "a.live",
        expect: { status: 405, code: "invalid_request", headers: { allow: /POST/ } },
      },
    ],
  },
  {
    name: "413 over 1 MiB, with code invalid_request",
    covers: ["413"],
    steps: [
      submit("a.test", "nano-banana-2", { prompt: "x".repeat(MIB + 1) }, { status: 413, code: "invalid_request" }),
    ],
  },
  {
    name: "415 for a content type other than JSON, with code invalid_request",
    covers: ["415"],
    steps: [
      raw("a.test", "/v1/models/nano-banana-2", JSON.stringify({ input: prompt }), "text/plain", {
        status: 415,
        code: "invalid_request",
      }),
      raw("a.test", "/v1/models/nano-banana-2", "input=x", "application/x-www-form-urlencoded", {
        status: 415,
        code: "invalid_request",
      }),
    ],
  },
  {
    name: "injected faults: 500 internal_error and 503 service_unavailable, type api_error; then normal again",
    covers: ["500 internal_error", "503 service_unavailable", "POST /_sandbox/faults"],
    steps: [
      fault("a", { path: "/v1/account", status: 500 }),
      get("/v1/account", "a.live", { status: 500, code: "internal_error" }),
      get("/v1/account", "a.live", { status: 200 }),
      fault("a", { method: "POST", path: "/v1/models/nano-banana-2", status: 503, count: 2, retry_after: 2 }),
      submit(
        "a.test",
        "nano-banana-2",
        prompt,
        { status: 503, code: "service_unavailable", headers: { "retry-after": "2" } },
        { times: 2 },
      ),
      submit("a.test", "nano-banana-2", prompt, { status: 200 }),
    ],
  },
  {
    name: "a fault with delay_ms and a status: held that long, then answered with the status",
    covers: ["delay_ms fault"],
    steps: [
      fault("a", { path: "/v1/key", status: 503, delay_ms: 300 }),
      {
        label: "the held 503",
        run: async (ctx) => {
          const started = Date.now();
          const reply = await ctx.call({ path: "/v1/key", auth: "a.live" });
          const took = Date.now() - started;
          if (reply.status !== 503 || took < 280) throw new Error(`answered ${reply.status} after ${took} ms`);
          const next = await ctx.call({ path: "/v1/key", auth: "a.live" });
          if (next.status !== 200) throw new Error(`the fault applied twice: ${next.status}`);
        },
      },
    ],
  },
  {
    name: "a fault with a code answers that code; a 429 fault carries Retry-After",
    covers: ["faults with code", "429 Retry-After"],
    steps: [
      fault("a", { path: "/v1/models", status: 429, retry_after: 7 }),
      get("/v1/models", "a.test", { status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "7" } }),
      fault("a", { method: "POST", path: "/v1/models/flux-2-pro", status: 409, code: "request_in_progress" }),
      submit("a.test", "flux-2-pro", prompt, { status: 409, code: "request_in_progress" }),
    ],
  },
];
