import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf, generate } from "./support.js";

describe("test keys", () => {
  it("answer 200 completed with defaults applied, cost 0, no balance change, stored and retrievable", async () => {
    const sandbox = createSandbox();
    const reply = await generate(sandbox, sandbox.keys.test, "clipia-video-1", { prompt: "a whale" });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      object: "generation",
      environment: "test",
      status: "completed",
      input: { prompt: "a whale", duration_seconds: 5, aspect_ratio: "16:9" },
      cost_credits: 0,
      error: null,
      queue_position: null,
      metadata: {},
    });
    expect(reply.body.output).toMatchObject({ content_type: "video/mp4", width: 1280, height: 720, duration_seconds: 5 });
    const fetched = await call(sandbox, { path: `/v1/generations/${reply.body.id}`, key: sandbox.keys.test });
    expect(fetched.body).toEqual(reply.body);
    const account = await call(sandbox, { path: "/v1/account", key: sandbox.keys.test });
    expect([account.body.balance_credits, account.body.key.credits_used]).toEqual([1000, 0]);
  });

  it("give the same output for the same model and input, across instances and seeds", async () => {
    const input = { prompt: "same", aspect_ratio: "9:16" };
    const a = await generate(createSandbox({ seed: 1 }), createSandbox({ seed: 1 }).keys.test, "clipia-image-1", input);
    const other = createSandbox({ seed: 2 });
    const b = await generate(other, other.keys.test, "clipia-image-1", { aspect_ratio: "9:16", prompt: "same" });
    const c = await generate(other, other.keys.test, "clipia-image-1", { prompt: "different" });
    expect(a.body.output).toEqual(b.body.output);
    expect(a.body.output).toMatchObject({ content_type: "image/png", width: 768, height: 1344, duration_seconds: null });
    expect(c.body.output.url).not.toBe(a.body.output.url);
  });

  it("sandbox:fail answers 200 with status failed and an error", async () => {
    const sandbox = createSandbox();
    const reply = await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "please sandbox:fail" });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: "failed", output: null, error: { code: "generation_failed" } });
  });
});

describe("live keys: the pipeline on the sandbox clock", () => {
  it("queued 2 s, in_progress 3 s + 1 s per second, then completed", async () => {
    const sandbox = createSandbox();
    const created = await generate(sandbox, sandbox.keys.live, "clipia-video-1", { prompt: "rain", duration_seconds: 2 });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: "queued", queue_position: 1, cost_credits: 20, output: null, started_at: null });
    const second = await generate(sandbox, sandbox.keys.live, "clipia-image-1", { prompt: "sun" });
    expect(second.body.queue_position).toBe(2);
    const poll = async () => (await call(sandbox, { path: `/v1/generations/${created.body.id}`, key: sandbox.keys.live })).body;
    sandbox.advanceClock(2_100);
    expect(await poll()).toMatchObject({ status: "in_progress", queue_position: null, output: null });
    sandbox.advanceClock(4_000); // 6.1 s < 2 + 3 + 2 = 7 s
    expect((await poll()).status).toBe("in_progress");
    sandbox.advanceClock(1_000);
    const done = await poll();
    expect(done.status).toBe("completed");
    expect(done.output).toMatchObject({ duration_seconds: 2 });
    expect(Date.parse(done.completed_at) - Date.parse(done.created_at)).toBe(7_000);
    expect(Date.parse(done.started_at) - Date.parse(done.created_at)).toBe(2_000);
  });

  it("sandbox:fail ends failed and refunds; sandbox:slow stays in_progress until 10 minutes", async () => {
    const sandbox = createSandbox();
    const failing = await generate(sandbox, sandbox.keys.live, "clipia-image-1", { prompt: "sandbox:fail" });
    const slow = await generate(sandbox, sandbox.keys.live, "clipia-image-1", { prompt: "sandbox:slow" });
    const balance = async () => (await call(sandbox, { path: "/v1/account", key: sandbox.keys.live })).body.balance_credits;
    expect(await balance()).toBe(996);
    sandbox.advanceClock(60_000);
    const get = async (id: string) => (await call(sandbox, { path: `/v1/generations/${id}`, key: sandbox.keys.live })).body;
    expect(await get(failing.body.id)).toMatchObject({ status: "failed", error: { code: "generation_failed" } });
    expect((await get(slow.body.id)).status).toBe("in_progress");
    expect(await balance()).toBe(998);
    sandbox.advanceClock(9 * 60_000);
    expect((await get(slow.body.id)).status).toBe("completed");
  });

  it("every ordinary live generation is final within 60 s", async () => {
    const sandbox = createSandbox();
    const ids: string[] = [];
    for (const model of ["clipia-video-1", "clipia-video-1-fast", "clipia-image-1"]) {
      ids.push((await generate(sandbox, sandbox.keys.live, model, { prompt: "x", ...(model === "clipia-image-1" ? {} : { duration_seconds: 10 }) })).body.id);
    }
    ids.push((await generate(sandbox, sandbox.keys.live, "clipia-video-1-i2v", { image_url: "https://example.com/a.png", duration_seconds: 10 })).body.id);
    sandbox.advanceClock(60_000);
    const list = await call(sandbox, { path: "/v1/generations", key: sandbox.keys.live });
    expect(list.body.data.map((g: { status: string }) => g.status)).toEqual(["completed", "completed", "completed", "completed"]);
  });
});

describe("isolation", () => {
  it("test and live keys do not see each other's generations; other accounts get 404", async () => {
    const sandbox = createSandbox();
    const other = sandbox.createAccount();
    const live = await generate(sandbox, sandbox.keys.live, "clipia-image-1", { prompt: "x" });
    for (const key of [sandbox.keys.test, other.keys.live]) {
      const reply = await call(sandbox, { path: `/v1/generations/${live.body.id}`, key });
      expect([reply.status, codeOf(reply)]).toEqual([404, "generation_not_found"]);
      const cancel = await call(sandbox, { method: "POST", path: `/v1/generations/${live.body.id}/cancel`, key });
      expect(cancel.status).toBe(404);
      const list = await call(sandbox, { path: "/v1/generations", key });
      expect(list.body.data).toEqual([]);
    }
  });
});

describe("input validation", () => {
  it.each([
    [{}, "input.prompt"],
    [{ prompt: "" }, "input.prompt"],
    [{ prompt: 7 }, "input.prompt"],
    [{ prompt: "x", duration_seconds: 11 }, "input.duration_seconds"],
    [{ prompt: "x", duration_seconds: 2.5 }, "input.duration_seconds"],
    [{ prompt: "x", aspect_ratio: "4:3" }, "input.aspect_ratio"],
    [{ prompt: "x", seed: -1 }, "input.seed"],
    [{ prompt: "x", style: "noir" }, "input.style"],
  ])("%j → 400 with param %s", async (input, param) => {
    const sandbox = createSandbox();
    const reply = await generate(sandbox, sandbox.keys.live, "clipia-video-1", input);
    expect([reply.status, codeOf(reply), reply.body.error.param]).toEqual([400, "invalid_request", param]);
    expect(reply.body.error.details[0].param).toBe(param);
  });

  it("lists every offending field in details", async () => {
    const sandbox = createSandbox();
    const reply = await generate(sandbox, sandbox.keys.live, "clipia-video-1-i2v", { image_url: "not a uri", duration_seconds: 0 });
    const params = reply.body.error.details.map((d: { param: string }) => d.param).sort();
    expect(params).toEqual(["input.duration_seconds", "input.image_url"]);
  });

  it.each([
    ["an unknown model", "/v1/models/clipia-video-9", { input: { prompt: "x" } }, 404, "model_not_found"],
    ["no input", "/v1/models/clipia-video-1", {}, 400, "invalid_request"],
    ["input not an object", "/v1/models/clipia-video-1", { input: "x" }, 400, "invalid_request"],
    ["an unknown top-level field", "/v1/models/clipia-video-1", { input: { prompt: "x" }, priority: 1 }, 400, "invalid_request"],
    ["metadata with a number", "/v1/models/clipia-video-1", { input: { prompt: "x" }, metadata: { a: 1 } }, 400, "invalid_request"],
    ["webhook_url over plain http", "/v1/models/clipia-video-1", { input: { prompt: "x" }, webhook_url: "http://example.com/h" }, 400, "invalid_request"],
  ])("%s → %s %s", async (_case, path, body, status, code) => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path, key: sandbox.keys.live, body });
    expect([reply.status, codeOf(reply)]).toEqual([status, code]);
  });

  it("keeps metadata as given", async () => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path: "/v1/models/clipia-image-1", key: sandbox.keys.test, body: { input: { prompt: "x" }, metadata: { order: "42" } } });
    expect(reply.body.metadata).toEqual({ order: "42" });
  });
});
