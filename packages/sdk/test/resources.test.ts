import { AuthenticationError, ConflictError, NotFoundError } from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { inProcess } from "./sandbox-helpers.js";

describe("account", () => {
  it("retrieve() answers the calling key's account and environment", async () => {
    const { sandbox, client } = inProcess(42, { validateRequests: true });
    const account = await client(sandbox.keys.test).account.retrieve();
    expect(account).toMatchObject({ object: "account", name: "Sandbox Account", balance_credits: 1000, environment: "test" });
    expect(account.key.redacted_value).toBe(`clipia_test_…${sandbox.keys.test.slice(-4)}`);
    expect(account._request_id).toMatch(/^req_/);
    expect((await client(sandbox.keys.admin).account.retrieve()).environment).toBe("admin");
  });
});

describe("models", () => {
  it("list() and retrieve()", async () => {
    const { sandbox, client } = inProcess(42, { validateRequests: true });
    const clipia = client(sandbox.keys.live);
    const page = await clipia.models.list();
    expect(page.data.map((m) => m.id).sort()).toEqual(["clipia-image-1", "clipia-video-1", "clipia-video-1-fast", "clipia-video-1-i2v"]);
    expect(page._request_id).toMatch(/^req_/);
    const model = await clipia.models.retrieve("clipia-video-1");
    expect(model).toMatchObject({ id: "clipia-video-1", object: "model", type: "text-to-video", pricing: { unit: "second", credits: 10 }, allowed: true });
    await expect(clipia.models.retrieve("nope")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("generations", () => {
  it("create() with a test key is final at once, free, stored, listed and retrievable", async () => {
    const { sandbox, client } = inProcess(42, { validateRequests: true });
    const clipia = client(sandbox.keys.test);
    const created = await clipia.generations.create("clipia-video-1", {
      input: { prompt: "a red fox", duration_seconds: 3 },
      metadata: { order: "42" },
    });
    expect(created).toMatchObject({ object: "generation", status: "completed", environment: "test", cost_credits: 0, metadata: { order: "42" } });
    expect(created.input).toMatchObject({ prompt: "a red fox", duration_seconds: 3, aspect_ratio: "16:9" });
    expect(created.output?.url).toMatch(/^https?:\/\//);
    expect(await clipia.generations.retrieve(created.id)).toEqual(created);
    const page = await clipia.generations.list({ model: "clipia-video-1", status: "completed" });
    expect(page.data.map((g) => g.id)).toContain(created.id);
    expect((await clipia.generations.list({ status: "failed" })).data).toEqual([]);
    expect((await clipia.account.retrieve()).balance_credits).toBe(1000);
  });

  it("create() with a live key queues and charges; cancel() cancels and refunds", async () => {
    const { sandbox, client } = inProcess(42, { validateRequests: true });
    const clipia = client(sandbox.keys.live);
    const queued = await clipia.generations.create("clipia-video-1", { input: { prompt: "waves", duration_seconds: 2 } });
    expect(queued).toMatchObject({ status: "queued", cost_credits: 20, environment: "live" });
    expect(queued.queue_position).toBeGreaterThanOrEqual(1);
    expect((await clipia.account.retrieve()).balance_credits).toBe(980);
    const canceled = await clipia.generations.cancel(queued.id);
    expect(canceled.status).toBe("canceled");
    expect((await clipia.account.retrieve()).balance_credits).toBe(1000);
    await expect(clipia.generations.cancel(queued.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it("keeps live and test apart", async () => {
    const { sandbox, client } = inProcess(42, { validateRequests: true });
    const made = await client(sandbox.keys.test).generations.create("clipia-image-1", { input: { prompt: "x" } });
    await expect(client(sandbox.keys.live).generations.retrieve(made.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("keys", () => {
  it("create, list, retrieve, update, roll, revoke", async () => {
    const { sandbox, client } = inProcess(42, { validateRequests: true });
    const admin = client(sandbox.keys.admin);
    const created = await admin.keys.create({ name: "ci", environment: "test", scopes: ["read"] });
    expect(created.secret).toMatch(/^clipia_test_/);
    expect(created).toMatchObject({ object: "api_key", name: "ci", status: "active", scopes: ["read"] });
    expect(JSON.stringify(await admin.keys.retrieve(created.id))).not.toContain(created.secret);

    const fromSecret = client(created.secret);
    expect((await fromSecret.account.retrieve()).key.id).toBe(created.id);

    expect((await admin.keys.list({ environment: "test" })).data.map((k) => k.id)).toContain(created.id);
    expect((await admin.keys.update(created.id, { name: "ci-2", credit_limit: 100 })).name).toBe("ci-2");

    const rolled = await admin.keys.roll(created.id, { expire_current_in_seconds: 0 });
    expect(rolled.secret).toMatch(/^clipia_test_/);
    expect(rolled.rolled_from).toBe(created.id);
    expect(rolled).toMatchObject({ name: "ci-2", credit_limit: 100 });
    await expect(fromSecret.account.retrieve()).rejects.toBeInstanceOf(AuthenticationError);

    const revoked = await admin.keys.revoke(rolled.id);
    expect(revoked.status).toBe("revoked");
    expect((await admin.keys.revoke(rolled.id)).status).toBe("revoked");
    await expect(client(rolled.secret).account.retrieve()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(admin.keys.update(rolled.id, { name: "again" })).rejects.toBeInstanceOf(ConflictError);
    await expect(admin.keys.retrieve("key_nope")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("roll() with no body expires the old key at once", async () => {
    const { sandbox, client } = inProcess(42, { validateRequests: true });
    const admin = client(sandbox.keys.admin);
    const created = await admin.keys.create({ name: "r", environment: "live" });
    const rolled = await admin.keys.roll(created.id);
    expect(rolled.secret).toMatch(/^clipia_live_/);
    await expect(client(created.secret).account.retrieve()).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("clipia.raw", () => {
  it("is the typed openapi-fetch client over the same transport (auth, request id, errors)", async () => {
    const { sandbox, client } = inProcess(42, { validateRequests: true });
    const clipia = client(sandbox.keys.test);
    const { data, response } = await clipia.raw.GET("/v1/models/{model}", { params: { path: { model: "clipia-image-1" } } });
    expect(data?.pricing).toEqual({ unit: "generation", credits: 2 });
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    await expect(clipia.raw.GET("/v1/models/{model}", { params: { path: { model: "nope" } } })).rejects.toBeInstanceOf(NotFoundError);
  });
});
