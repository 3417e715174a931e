import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf, generate } from "./support.js";

describe("charging", () => {
  it.each([
    ["clipia-video-1", { prompt: "x" }, 50],
    ["clipia-video-1", { prompt: "x", duration_seconds: 3 }, 30],
    ["clipia-video-1-fast", { prompt: "x" }, 20],
    ["clipia-video-1-i2v", { image_url: "https://example.com/a.png", duration_seconds: 10 }, 120],
    ["clipia-image-1", { prompt: "x" }, 2],
  ])("%s %j costs %i credits, charged at submission to the balance and the key", async (model, input, cost) => {
    const sandbox = createSandbox();
    const reply = await generate(sandbox, sandbox.keys.live, model, input);
    expect(reply.body.cost_credits).toBe(cost);
    const account = await call(sandbox, { path: "/v1/account", key: sandbox.keys.live });
    expect([account.body.balance_credits, account.body.key.credits_used]).toEqual([1000 - cost, cost]);
  });

  it("402 insufficient_credits leaves the balance alone", async () => {
    const sandbox = createSandbox();
    const poor = sandbox.createAccount({ balance_credits: 40 });
    const reply = await generate(sandbox, poor.keys.live, "clipia-video-1", { prompt: "x" });
    expect([reply.status, codeOf(reply)]).toEqual([402, "insufficient_credits"]);
    const ok = await generate(sandbox, poor.keys.live, "clipia-video-1", { prompt: "x", duration_seconds: 4 });
    expect(ok.status).toBe(202);
    expect((await call(sandbox, { path: "/v1/account", key: poor.keys.live })).body.balance_credits).toBe(0);
    expect((await generate(sandbox, poor.keys.test, "clipia-video-1", { prompt: "x" })).status).toBe(200);
  });

  it("checks the credits last: a bad input on a poor account is a 400", async () => {
    const sandbox = createSandbox();
    const poor = sandbox.createAccount({ balance_credits: 0 });
    expect(codeOf(await generate(sandbox, poor.keys.live, "clipia-video-1", { prompt: 1 }))).toBe("invalid_request");
  });
});

describe("cancel", () => {
  const cancel = (sandbox: ReturnType<typeof createSandbox>, id: string, key: string) =>
    call(sandbox, { method: "POST", path: `/v1/generations/${id}/cancel`, key });

  it("a queued generation: 200 canceled and refunded", async () => {
    const sandbox = createSandbox();
    const created = await generate(sandbox, sandbox.keys.live, "clipia-video-1", { prompt: "x" });
    const reply = await cancel(sandbox, created.body.id, sandbox.keys.live);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: "canceled", started_at: null, output: null });
    const account = await call(sandbox, { path: "/v1/account", key: sandbox.keys.live });
    expect([account.body.balance_credits, account.body.key.credits_used]).toEqual([1000, 0]);
    sandbox.advanceClock(60_000);
    expect((await call(sandbox, { path: `/v1/generations/${created.body.id}`, key: sandbox.keys.live })).body.status).toBe("canceled");
  });

  it("an in_progress generation: canceled, not refunded", async () => {
    const sandbox = createSandbox();
    const created = await generate(sandbox, sandbox.keys.live, "clipia-video-1", { prompt: "x" });
    sandbox.advanceClock(3_000);
    const reply = await cancel(sandbox, created.body.id, sandbox.keys.live);
    expect(reply.body.status).toBe("canceled");
    expect((await call(sandbox, { path: "/v1/account", key: sandbox.keys.live })).body.balance_credits).toBe(950);
  });

  it("a final generation: 409 generation_not_cancelable", async () => {
    const sandbox = createSandbox();
    const done = await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "x" });
    const reply = await cancel(sandbox, done.body.id, sandbox.keys.test);
    expect([reply.status, codeOf(reply)]).toEqual([409, "generation_not_cancelable"]);
    const unknown = await cancel(sandbox, "gen_doesnotexist", sandbox.keys.test);
    expect(codeOf(unknown)).toBe("generation_not_found");
  });
});
