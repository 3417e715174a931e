// The error table again, from real sandbox answers through both of its transports.
import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import {
  AdminKeyRequiredError,
  APIError,
  AuthenticationError,
  BadRequestError,
  Clipia,
  ConflictError,
  InsufficientCreditsError,
  InsufficientScopeError,
  InternalServerError,
  IpNotAllowedError,
  ModelNotAllowedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type ClipiaOptions,
} from "@clipia/sdk";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractGlobalFetch } from "./sandbox-helpers.js";

interface Transport {
  sandbox: Sandbox;
  client(apiKey: string, options?: ClipiaOptions): Clipia;
}

type Scenario = [
  name: string,
  run: (t: Transport) => Promise<unknown>,
  expected: { class: abstract new (...args: never[]) => APIError; status: number; code: string; param?: string; requiredScope?: string },
];

const prompt = { input: { prompt: "a fox" } };

const scenarios: Scenario[] = [
  ["invalid input", (t) => t.client(t.sandbox.keys.test).generations.create("clipia-video-1", { input: {} }), { class: BadRequestError, status: 400, code: "invalid_request", param: "input.prompt" }],
  ["immutable environment", async (t) => {
    const admin = t.client(t.sandbox.keys.admin);
    const key = await admin.keys.create({ name: "x", environment: "test" });
    return admin.keys.update(key.id, { environment: "live" } as never);
  }, { class: BadRequestError, status: 400, code: "parameter_immutable", param: "environment" }],
  ["unknown key", (t) => t.client(`clipia_test_${"A".repeat(36)}`).account.retrieve(), { class: AuthenticationError, status: 401, code: "invalid_api_key" }],
  ["no credits", (t) => {
    const poor = t.sandbox.createAccount({ balance_credits: 5 });
    return t.client(poor.keys.live).generations.create("clipia-video-1", prompt);
  }, { class: InsufficientCreditsError, status: 402, code: "insufficient_credits" }],
  ["read-only key generating", (t) => t.client(t.sandbox.keys.test_read_only).generations.create("clipia-video-1", prompt), { class: InsufficientScopeError, status: 403, code: "insufficient_scope", requiredScope: "generate" }],
  ["API key on /v1/keys", (t) => t.client(t.sandbox.keys.live).keys.list(), { class: AdminKeyRequiredError, status: 403, code: "admin_key_required" }],
  ["admin key generating", (t) => t.client(t.sandbox.keys.admin).generations.create("clipia-video-1", prompt), { class: PermissionDeniedError, status: 403, code: "api_key_required" }],
  ["model outside model_access", async (t) => {
    const key = await t.client(t.sandbox.keys.admin).keys.create({ name: "img", environment: "test", model_access: { mode: "include", models: ["clipia-image-1"] } });
    return t.client(key.secret).generations.create("clipia-video-1", prompt);
  }, { class: ModelNotAllowedError, status: 403, code: "model_not_allowed" }],
  ["IP outside allowed_ips", async (t) => {
    const key = await t.client(t.sandbox.keys.admin).keys.create({ name: "ip", environment: "test", allowed_ips: ["10.0.0.0/8"] });
    return t.client(key.secret).account.retrieve();
  }, { class: IpNotAllowedError, status: 403, code: "ip_not_allowed" }],
  ["unknown model", (t) => t.client(t.sandbox.keys.test).models.retrieve("nope"), { class: NotFoundError, status: 404, code: "model_not_found" }],
  ["unknown generation", (t) => t.client(t.sandbox.keys.test).generations.retrieve("gen_doesnotexist"), { class: NotFoundError, status: 404, code: "generation_not_found" }],
  ["cancel a final generation", async (t) => {
    const clipia = t.client(t.sandbox.keys.test);
    const done = await clipia.generations.create("clipia-image-1", prompt);
    return clipia.generations.cancel(done.id);
  }, { class: ConflictError, status: 409, code: "generation_not_cancelable" }],
  ["idempotency key reused with another body", async (t) => {
    const clipia = t.client(t.sandbox.keys.test);
    await clipia.generations.create("clipia-image-1", prompt, { idempotencyKey: "same" });
    return clipia.generations.create("clipia-image-1", { input: { prompt: "other" } }, { idempotencyKey: "same" });
  }, { class: ConflictError, status: 409, code: "idempotency_key_reused" }],
  ["rate limited (fault)", (t) => {
    t.sandbox.injectFault({ path: "/v1/account", status: 429, retry_after: 7 });
    return t.client(t.sandbox.keys.test, { maxRetries: 0 }).account.retrieve();
  }, { class: RateLimitError, status: 429, code: "rate_limited" }],
  ["server error (fault)", (t) => {
    t.sandbox.injectFault({ path: "/v1/account", status: 503 });
    return t.client(t.sandbox.keys.test, { maxRetries: 0 }).account.retrieve();
  }, { class: InternalServerError, status: 503, code: "service_unavailable" }],
];

async function expectMapped(t: Transport, [, run, expected]: Scenario) {
  const error = await run(t).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(expected.class);
  const e = error as APIError;
  expect(e.constructor).toBe(expected.class);
  expect(e.status).toBe(expected.status);
  expect(e.code).toBe(expected.code);
  expect(e.requestId).toMatch(/^req_/);
  expect(e.requestId).toBe(e.headers.get("x-request-id"));
  if (expected.param) expect(e.param).toBe(expected.param);
  if (expected.requiredScope) expect((e as InsufficientScopeError).requiredScope).toBe(expected.requiredScope);
  if (e instanceof RateLimitError) expect(e.retryAfter).toBe(7);
}

describe("error mapping from the sandbox over MSW (in-process)", () => {
  const sandbox = createSandbox();
  const server = setupServer(...sandbox.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  const transport: Transport = {
    sandbox,
    client: (apiKey, options) => new Clipia({ apiKey, baseUrl: "https://api.clipia.ai", fetch: contractGlobalFetch, logLevel: "off", ...options }),
  };

  it.each(scenarios)("%s", async (...scenario) => {
    await expectMapped(transport, scenario);
  });
});

describe("error mapping from the sandbox over HTTP (startSandboxServer, port 0)", () => {
  let transport: Transport;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const server = await startSandboxServer({ port: 0 });
    close = server.close;
    transport = {
      sandbox: server.sandbox,
      client: (apiKey, options) => new Clipia({ apiKey, baseUrl: server.url, fetch: contractGlobalFetch, logLevel: "off", ...options }),
    };
  });
  afterAll(() => close());

  it.each(scenarios)("%s", async (...scenario) => {
    await expectMapped(transport, scenario);
  });
});
