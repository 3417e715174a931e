import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf, createKey, generate } from "./support.js";

describe("cursor pagination", () => {
  it("walks generations newest first with opaque cursors and no overlap", async () => {
    const sandbox = createSandbox();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: `n${i}` })).body.id);
    const seen: string[] = [];
    let path = "/v1/generations?limit=2";
    for (let page = 0; page < 5; page++) {
      const reply = await call(sandbox, { path, key: sandbox.keys.test });
      seen.push(...reply.body.data.map((g: { id: string }) => g.id));
      expect(reply.body.has_more).toBe(reply.body.next_cursor !== null);
      if (!reply.body.has_more) break;
      expect(reply.body.next_cursor).not.toMatch(/gen_/);
      path = `/v1/generations?limit=2&after=${encodeURIComponent(reply.body.next_cursor)}`;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it("filters by status and model", async () => {
    const sandbox = createSandbox();
    await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "ok" });
    await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "sandbox:fail" });
    await generate(sandbox, sandbox.keys.test, "clipia-video-1-fast", { prompt: "ok" });
    const count = async (query: string) => (await call(sandbox, { path: `/v1/generations?${query}`, key: sandbox.keys.test })).body.data.length;
    expect(await count("status=failed")).toBe(1);
    expect(await count("status=completed")).toBe(2);
    expect(await count("model=clipia-image-1")).toBe(2);
    expect(await count("model=clipia-image-1&status=completed")).toBe(1);
  });

  it("pages the model catalog and the keys", async () => {
    const sandbox = createSandbox();
    const first = await call(sandbox, { path: "/v1/models?limit=3", key: sandbox.keys.test });
    expect(first.body.data.map((m: { id: string }) => m.id)).toEqual(["clipia-video-1", "clipia-video-1-fast", "clipia-video-1-i2v"]);
    const rest = await call(sandbox, { path: `/v1/models?after=${first.body.next_cursor}`, key: sandbox.keys.test });
    expect(rest.body).toMatchObject({ object: "list", has_more: false, next_cursor: null });
    expect(rest.body.data.map((m: { id: string }) => m.id)).toEqual(["clipia-image-1"]);
    await createKey(sandbox, { environment: "live" });
    const keys = await call(sandbox, { path: "/v1/keys?environment=live", key: sandbox.keys.admin });
    expect(keys.body.data.every((k: { environment: string }) => k.environment === "live")).toBe(true);
    expect(keys.body.data).toHaveLength(2);
  });

  it.each([
    ["/v1/models?limit=0", "limit"],
    ["/v1/models?limit=101", "limit"],
    ["/v1/models?limit=abc", "limit"],
    ["/v1/models?limit=-1", "limit"],
    ["/v1/models?after=garbage", "after"],
    ["/v1/generations?status=done", "status"],
    ["/v1/generations?after=Z2VuXzE", "after"],
  ])("%s → 400 on %s", async (path, param) => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path, key: sandbox.keys.test });
    expect([reply.status, codeOf(reply), reply.body.error.param]).toEqual([400, "invalid_request", param]);
  });

  it.each([
    ["/v1/keys?status=gone", "status"],
    ["/v1/keys?environment=admin", "environment"],
    ["/v1/keys?limit=0", "limit"],
    ["/v1/keys?after=%%%", "after"],
  ])("%s → 400 on %s", async (path, param) => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path, key: sandbox.keys.admin });
    expect([reply.status, codeOf(reply), reply.body.error.param]).toEqual([400, "invalid_request", param]);
  });

  it("limit defaults to 20 and accepts 100", async () => {
    const sandbox = createSandbox();
    for (let i = 0; i < 21; i++) await call(sandbox, { path: "/v1/models/clipia-image-1", key: sandbox.keys.test, body: { input: { prompt: `p${i}` } } });
    const first = await call(sandbox, { path: "/v1/generations", key: sandbox.keys.test });
    expect([first.body.data.length, first.body.has_more]).toEqual([20, true]);
    const all = await call(sandbox, { path: "/v1/generations?limit=100", key: sandbox.keys.test });
    expect([all.body.data.length, all.body.has_more, all.body.next_cursor]).toEqual([21, false, null]);
  });
});
