import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf, generate } from "./support.js";

describe("faults", () => {
  it.each([
    [429, undefined, "rate_limited"],
    [500, undefined, "internal_error"],
    [503, undefined, "service_unavailable"],
    [503, "rate_limited", "rate_limited"],
  ])("status %i code %s answers the envelope with code %s", async (status, code, expected) => {
    const sandbox = createSandbox();
    const fault = sandbox.injectFault({ status, ...(code ? { code } : {}) });
    expect(fault).toMatchObject({ object: "sandbox.fault", status, code: expected, count: 1, phase: "before" });
    const reply = await call(sandbox, { path: "/v1/models", key: sandbox.keys.test });
    expect([reply.status, codeOf(reply)]).toEqual([status, expected]);
    expect(reply.body.error.request_id).toBe(reply.headers.get("x-request-id"));
    expect((await call(sandbox, { path: "/v1/models", key: sandbox.keys.test })).status).toBe(200);
  });

  it("counts down, matches method and path prefix, and sends Retry-After", async () => {
    const sandbox = createSandbox();
    sandbox.injectFault({ method: "post", path: "/v1/models/*", status: 429, count: 2, retry_after: 3 });
    expect((await call(sandbox, { path: "/v1/models/clipia-image-1", key: sandbox.keys.test })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const reply = await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "x" });
      expect([reply.status, reply.headers.get("retry-after")]).toEqual([429, "3"]);
    }
    expect((await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "x" })).status).toBe(200);
  });

  it("an exact path does not match another path", async () => {
    const sandbox = createSandbox();
    sandbox.injectFault({ path: "/v1/account", status: 500 });
    expect((await call(sandbox, { path: "/v1/models", key: sandbox.keys.test })).status).toBe(200);
    expect((await call(sandbox, { path: "/v1/account", key: sandbox.keys.test })).status).toBe(500);
  });

  it("phase after: the request is processed and charged, then the response is lost", async () => {
    const sandbox = createSandbox();
    sandbox.injectFault({ path: "/v1/models/*", status: 503, phase: "after" });
    const headers = { "idempotency-key": "lost-1" };
    const lost = await generate(sandbox, sandbox.keys.live, "clipia-image-1", { prompt: "x" }, { headers });
    expect(lost.status).toBe(503);
    const retry = await generate(sandbox, sandbox.keys.live, "clipia-image-1", { prompt: "x" }, { headers });
    expect([retry.status, retry.headers.get("idempotent-replayed")]).toEqual([202, "true"]);
    expect((await call(sandbox, { path: "/v1/account", key: sandbox.keys.live })).body.balance_credits).toBe(998);
  });

  it("network_error makes sandbox.fetch reject with a TypeError, like fetch", async () => {
    const sandbox = createSandbox();
    sandbox.injectFault({ network_error: true });
    await expect(call(sandbox, { path: "/v1/models", key: sandbox.keys.test })).rejects.toThrow(TypeError);
    expect((await call(sandbox, { path: "/v1/models", key: sandbox.keys.test })).status).toBe(200);
  });

  it("delay_ms holds the request before answering", async () => {
    const sandbox = createSandbox();
    sandbox.injectFault({ delay_ms: 120 });
    const started = Date.now();
    const reply = await call(sandbox, { path: "/v1/models", key: sandbox.keys.test });
    expect(reply.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it.each([
    [401, "invalid_api_key", "www-authenticate", 'Bearer realm="clipia"'],
    [429, "rate_limited", "retry-after", "1"],
    [402, "insufficient_credits", "x-request-id", /^req_/],
    [404, "not_found", "x-request-id", /^req_/],
  ])("a %i fault answers %s with the status's header (%s)", async (status, code, header, value) => {
    const sandbox = createSandbox();
    sandbox.injectFault({ status });
    const reply = await call(sandbox, { path: "/v1/models", key: sandbox.keys.test });
    expect([reply.status, codeOf(reply)]).toEqual([status, code]);
    expect(reply.headers.get(header)).toMatch(value);
  });

  it("does not touch the control plane", async () => {
    const sandbox = createSandbox();
    sandbox.injectFault({ status: 503, count: 5 });
    const reply = await call(sandbox, { path: "/_sandbox/clock/advance", body: { ms: 1 } });
    expect(reply.status).toBe(200);
  });

  it.each([
    [{}, "status"],
    [{ status: 200 }, "status"],
    [{ status: 503, count: 0 }, "count"],
    [{ status: 503, phase: "during" }, "phase"],
    [{ status: 503, path: "v1/models" }, "path"],
    [{ status: 503, colour: "red" }, "colour"],
  ])("rejects %j with param %s", async (fault, param) => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path: "/_sandbox/faults", body: fault });
    expect([reply.status, codeOf(reply), reply.body.error.param]).toEqual([400, "invalid_request", param]);
  });
});
