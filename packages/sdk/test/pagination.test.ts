import { Clipia, Page } from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { json, LIVE_KEY, scriptedFetch } from "./helpers.js";
import { inProcess } from "./sandbox-helpers.js";

async function seeded(count: number) {
  const env = inProcess();
  const clipia = env.client(env.sandbox.keys.test);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await clipia.generations.create("clipia-image-1", { input: { prompt: `frame ${i}` } })).id);
  }
  return { ...env, clipia, ids };
}

describe("pagination against the sandbox", () => {
  it("pages with limit, has_more, next_cursor and getNextPage()", async () => {
    const { clipia, ids } = await seeded(5);
    const first = await clipia.generations.list({ limit: 2 });
    expect(first).toBeInstanceOf(Page);
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    expect(first.next_cursor).toEqual(expect.any(String));
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    const third = await second.getNextPage();
    expect(third.data).toHaveLength(1);
    expect(third.hasNextPage()).toBe(false);
    await expect(third.getNextPage()).rejects.toThrow(/No next page/);
    const seen = [...first.data, ...second.data, ...third.data].map((g) => g.id);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it("for await over list() walks every item of every page, keeping the query", async () => {
    const { clipia, ids, wrap, sandbox, client } = await seeded(5);
    const urls: string[] = [];
    wrap((inner) => (request) => {
      urls.push(request.url);
      return inner(request);
    });
    const counted = client(sandbox.keys.test);
    const seen: string[] = [];
    for await (const generation of counted.generations.list({ limit: 2, model: "clipia-image-1" })) seen.push(generation.id);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(urls).toHaveLength(3);
    expect(urls.every((u) => new URL(u).searchParams.get("model") === "clipia-image-1")).toBe(true);
    expect(new URL(urls[1]!).searchParams.get("after")).toEqual(expect.any(String));
    void clipia;
  });

  it("iterPages() yields each page and a Page is itself iterable from there on", async () => {
    const { clipia } = await seeded(3);
    const first = await clipia.generations.list({ limit: 1 });
    const sizes: number[] = [];
    for await (const page of first.iterPages()) sizes.push(page.data.length);
    expect(sizes).toEqual([1, 1, 1]);
    const all: string[] = [];
    for await (const g of first) all.push(g.id);
    expect(all).toHaveLength(3);
  });

  it("iterates models and keys the same way", async () => {
    const { sandbox, client } = inProcess();
    const models: string[] = [];
    for await (const model of client(sandbox.keys.test).models.list({ limit: 1 })) models.push(model.id);
    expect(models).toHaveLength(4);
    const admin = client(sandbox.keys.admin);
    const made = [await admin.keys.create({ name: "a", environment: "test" }), await admin.keys.create({ name: "b", environment: "live" })];
    const keys: string[] = [];
    for await (const key of admin.keys.list({ limit: 2 })) keys.push(key.id);
    // The three default API keys (live, test, test_read_only) and the two made here; admin keys are not listed.
    expect(keys).toHaveLength(5);
    expect(keys).toEqual(expect.arrayContaining(made.map((k) => k.id)));
  });
});

describe("PagePromise", () => {
  it("rejects both as a promise and as an iterator when the first page fails", async () => {
    const fetch = scriptedFetch(json(401, { error: { code: "invalid_api_key", message: "no", request_id: "req_1" } }));
    const clipia = new Clipia({ apiKey: LIVE_KEY, fetch });
    await expect(clipia.models.list()).rejects.toMatchObject({ status: 401 });
    const iterate = async () => {
      for await (const _ of clipia.models.list()) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ status: 401 });
  });

  it("serialises a page as its wire object", async () => {
    const body = { object: "list", data: [{ id: "m" }], has_more: false, next_cursor: null };
    const clipia = new Clipia({ apiKey: LIVE_KEY, fetch: scriptedFetch(json(200, body)) });
    const page = await clipia.models.list();
    expect(JSON.parse(JSON.stringify(page))).toEqual(body);
    expect(page._request_id).toBe("req_test123");
  });
});
