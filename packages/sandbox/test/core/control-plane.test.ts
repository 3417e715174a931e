import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf, generate } from "./support.js";

describe("control plane over HTTP", () => {
  it("POST /_sandbox/accounts: 201 with an isolated account and its four working keys", async () => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path: "/_sandbox/accounts", body: { balance_credits: 250 } });
    expect(reply.status).toBe(201);
    expect(reply.headers.get("x-request-id")).toMatch(/^req_/);
    const { account, keys, webhook_secret: webhookSecret } = reply.body;
    expect(account).toEqual({ id: expect.stringMatching(/^acct_/), name: "Sandbox Account", balance_credits: 250 });
    expect(Object.keys(keys).sort()).toEqual(["admin", "live", "test", "test_read_only"]);
    expect(webhookSecret).toMatch(/^whsec_/);
    expect(account.id).not.toBe(sandbox.account.id);
    const seen = await call(sandbox, { path: "/v1/account", key: keys.live });
    expect([seen.body.id, seen.body.balance_credits]).toEqual([account.id, 250]);
    const mine = await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "x" });
    expect((await call(sandbox, { path: `/v1/generations/${mine.body.id}`, key: keys.test })).status).toBe(404);
  });

  it("POST /_sandbox/clock/advance moves the clock forward only", async () => {
    const sandbox = createSandbox();
    const before = sandbox.now();
    const reply = await call(sandbox, { path: "/_sandbox/clock/advance", body: { ms: 3_600_000 } });
    expect(reply.body.object).toBe("sandbox.clock");
    expect(Date.parse(reply.body.now) - before).toBeGreaterThanOrEqual(3_600_000);
    const negative = await call(sandbox, { path: "/_sandbox/clock/advance", body: { ms: -1 } });
    expect([negative.status, negative.body.error.param]).toEqual([400, "ms"]);
    expect(sandbox.now()).toBeGreaterThanOrEqual(Date.parse(reply.body.now));
  });

  it("POST /_sandbox/faults: 201 with every field", async () => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path: "/_sandbox/faults", body: { status: 429 } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      object: "sandbox.fault",
      id: expect.any(String),
      method: null,
      path: null,
      status: 429,
      code: "rate_limited",
      count: 1,
      retry_after: null,
      phase: "before",
      network_error: false,
      delay_ms: null,
    });
    expect((await call(sandbox, { path: "/v1/account", key: sandbox.keys.test })).headers.get("retry-after")).toBe("1");
  });

  it("POST /_sandbox/reset: back to the seed's initial store, same default keys, faults cleared", async () => {
    const sandbox = createSandbox();
    const keys = sandbox.keys;
    await generate(sandbox, sandbox.keys.live, "clipia-image-1", { prompt: "x" });
    sandbox.injectFault({ status: 500, count: 10 });
    const reply = await call(sandbox, { path: "/_sandbox/reset", body: {} });
    expect([reply.status, reply.body.object]).toEqual([200, "sandbox.reset"]);
    expect(sandbox.keys).toEqual(keys);
    const account = await call(sandbox, { path: "/v1/account", key: keys.live });
    expect([account.status, account.body.balance_credits]).toEqual([200, 1000]);
    expect((await call(sandbox, { path: "/v1/generations", key: keys.live })).body.data).toEqual([]);
  });

  it("answers unknown control-plane paths 404 and wrong methods 405, in the envelope", async () => {
    const sandbox = createSandbox();
    expect(codeOf(await call(sandbox, { path: "/_sandbox/nope" }))).toBe("not_found");
    const wrong = await call(sandbox, { method: "GET", path: "/_sandbox/reset" });
    expect([wrong.status, codeOf(wrong), wrong.headers.get("allow")]).toEqual([405, "method_not_allowed", "POST"]);
  });
});

describe("control plane as methods", () => {
  it("createAccount, advanceClock, injectFault and reset mirror the routes", async () => {
    const sandbox = createSandbox();
    const extra = sandbox.createAccount({ balance_credits: 5 });
    expect(extra.account.balance_credits).toBe(5);
    expect(() => sandbox.createAccount({ balance_credits: -1 })).toThrow();
    const before = sandbox.now();
    expect(Date.parse(sandbox.advanceClock(1_000).now)).toBeGreaterThanOrEqual(before + 1_000);
    sandbox.reset();
    expect((await call(sandbox, { path: "/v1/account", key: extra.keys.live })).status).toBe(401);
  });
});
