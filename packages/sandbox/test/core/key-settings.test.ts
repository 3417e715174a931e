import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf, createKey, generate } from "./support.js";

const PROMPT = { prompt: "a red fox" };

describe("creating and reading keys", () => {
  it("shows the secret once; afterwards only redacted_value", async () => {
    const sandbox = createSandbox();
    const created = await createKey(sandbox, { name: "ci", environment: "test" });
    expect(created).toMatchObject({ object: "api_key", name: "ci", environment: "test", status: "active", scopes: ["generate", "read"] });
    expect(created.redacted_value).toBe(`clipia_test_…${created.secret.slice(-4)}`);
    const fetched = await call(sandbox, { path: `/v1/keys/${created.id}`, key: sandbox.keys.admin });
    expect(fetched.body).not.toHaveProperty("secret");
    expect(JSON.stringify(sandbox.snapshot())).not.toContain(created.secret);
    expect((await call(sandbox, { path: "/v1/account", key: created.secret })).body.environment).toBe("test");
  });

  it.each([
    [{ name: "" }, "name"],
    [{ environment: "prod" }, "environment"],
    [{ environment: "admin" }, "environment"], // the API cannot create admin keys
    [{ name: "n".repeat(101) }, "name"],
    [{ credit_limit: -5 }, "credit_limit"],
    [{ model_access: { mode: "exclude" } }, "model_access.models"],
    [{ model_access: ["clipia-image-1"] }, "model_access"],
    [{ allowed_ips: ["10.0.0.1/8/1"] }, "allowed_ips.0"],
    [{ allowed_ips: ["2001:db8::/129"] }, "allowed_ips.0"],
    [{ scopes: [] }, "scopes"],
    [{ scopes: ["admin"] }, "scopes.0"],
    [{ expires_at: "tomorrow" }, "expires_at"],
    [{ expires_at: "2001-01-01T00:00:00Z" }, "expires_at"],
    [{ credit_limit: 0 }, "credit_limit"],
    [{ credit_limit: 1.5 }, "credit_limit"],
    [{ model_access: { mode: "include", models: ["nope"] } }, "model_access.models.0"],
    [{ model_access: { mode: "some" } }, "model_access.mode"],
    [{ allowed_ips: ["10.0.0.0/33"] }, "allowed_ips.0"],
    [{ allowed_ips: ["not-an-ip"] }, "allowed_ips.0"],
    [{ owner: "me" }, "owner"],
  ])("rejects %j with param %s", async (body, param) => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path: "/v1/keys", key: sandbox.keys.admin, body: { name: "k", environment: "live", ...body } });
    expect([reply.status, codeOf(reply), reply.body.error.param]).toEqual([400, "invalid_request", param]);
  });

  it("hides the admin key and other accounts' keys (404, never 403)", async () => {
    const sandbox = createSandbox();
    const other = sandbox.createAccount();
    const theirs = await createKey(sandbox, {}, other.keys.admin);
    const adminId = (await call(sandbox, { path: "/v1/account", key: sandbox.keys.admin })).body.key.id;
    for (const id of [theirs.id, adminId]) {
      const reply = await call(sandbox, { path: `/v1/keys/${id}`, key: sandbox.keys.admin });
      expect([reply.status, codeOf(reply)]).toEqual([404, "key_not_found"]);
    }
  });
});

describe("status and its precedence", () => {
  it("revoked > disabled > expired > exhausted > active, in status and in the 401 message", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { credit_limit: 2, expires_at: new Date(sandbox.now() + 10_000).toISOString() });
    const admin = (options: { method?: string; path?: string; body?: object }) =>
      call(sandbox, { method: "GET", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, ...options });
    const statusNow = async () => (await admin({})).body.status;
    const reason = async () => (await call(sandbox, { path: "/v1/models", key: key.secret })).body.error?.message;

    expect(await statusNow()).toBe("active");
    expect((await generate(sandbox, key.secret, "clipia-image-1", PROMPT)).status).toBe(202);
    expect(await statusNow()).toBe("exhausted");
    expect(await reason()).toBeUndefined(); // exhausted keys still read
    sandbox.advanceClock(11_000);
    expect(await statusNow()).toBe("expired");
    expect(await reason()).toMatch(/expired/);
    await admin({ method: "PATCH", body: { disabled: true } });
    expect(await statusNow()).toBe("disabled");
    expect(await reason()).toMatch(/disabled/);
    await admin({ method: "DELETE" });
    expect(await statusNow()).toBe("revoked");
    expect(await reason()).toMatch(/revoked/);
    for (const status of ["revoked", "disabled", "expired", "exhausted", "active"]) {
      const listed = await call(sandbox, { path: `/v1/keys?status=${status}`, key: sandbox.keys.admin });
      expect(listed.body.data.some((k: { id: string }) => k.id === key.id)).toBe(status === "revoked");
    }
  });
});

describe("PATCH, DELETE and roll", () => {
  it.each([
    [{ name: "" }, "name"],
    [{ name: "n".repeat(101) }, "name"],
    [{ scopes: [] }, "scopes"],
    [{ scopes: "generate" }, "scopes"],
    [{ expires_at: "2001-01-01T00:00:00Z" }, "expires_at"],
    [{ credit_limit: 0 }, "credit_limit"],
    [{ credit_limit: "10" }, "credit_limit"],
    [{ model_access: { mode: "all", models: ["clipia-image-1"] } }, "model_access.models"],
    [{ model_access: { mode: "include", models: [] } }, "model_access.models"],
    [{ allowed_ips: "10.0.0.1" }, "allowed_ips"],
    [{ disabled: "yes" }, "disabled"],
    [{ owner: "me" }, "owner"],
  ])("PATCH rejects %j with param %s and changes nothing", async (body, param) => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { name: "kept" });
    const reply = await call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body });
    expect([reply.status, codeOf(reply), reply.body.error.param]).toEqual([400, "invalid_request", param]);
    const after = await call(sandbox, { path: `/v1/keys/${key.id}`, key: sandbox.keys.admin });
    const { secret: _secret, ...created } = key;
    expect(after.body).toEqual(created);
  });

  it("PATCH sets each setting, and null lifts credit_limit and expires_at", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { credit_limit: 10, expires_at: new Date(sandbox.now() + 60_000).toISOString() });
    const body = {
      name: "renamed",
      scopes: ["read"],
      credit_limit: null,
      expires_at: null,
      model_access: { mode: "exclude", models: ["clipia-video-1"] },
      allowed_ips: ["127.0.0.1", "::1"],
    };
    const reply = await call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject(body);
  });

  it("an expired key comes back with a future expires_at (with or without disabled: false)", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { expires_at: new Date(sandbox.now() + 1_000).toISOString() });
    sandbox.advanceClock(2_000);
    const future = new Date(sandbox.now() + 3_600_000).toISOString();
    const patch = (body: object) => call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body });
    const stillPast = await patch({ disabled: false, expires_at: new Date(sandbox.now() - 1).toISOString() });
    expect([stillPast.status, stillPast.body.error.param]).toEqual([400, "expires_at"]);
    const revived = await patch({ disabled: false, expires_at: future });
    expect(revived.body).toMatchObject({ status: "active", expires_at: future });
    expect((await call(sandbox, { path: "/v1/account", key: key.secret })).status).toBe(200);
  });

  it("another account's key: 404 key_not_found on PATCH, DELETE and roll, never 403, and it is left alone", async () => {
    const sandbox = createSandbox();
    const other = sandbox.createAccount();
    const theirs = await createKey(sandbox, {}, other.keys.admin);
    for (const request of [
      { method: "PATCH", path: `/v1/keys/${theirs.id}`, body: { disabled: true } },
      { method: "DELETE", path: `/v1/keys/${theirs.id}` },
      { method: "POST", path: `/v1/keys/${theirs.id}/roll`, body: {} },
    ]) {
      const reply = await call(sandbox, { key: sandbox.keys.admin, ...request });
      expect([reply.status, codeOf(reply)]).toEqual([404, "key_not_found"]);
    }
    expect((await call(sandbox, { path: "/v1/account", key: theirs.secret })).status).toBe(200);
  });


  it("environment is immutable: 400 parameter_immutable", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, {});
    const reply = await call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body: { environment: "test" } });
    expect([reply.status, codeOf(reply), reply.body.error.param]).toEqual([400, "parameter_immutable", "environment"]);
  });

  it("disabled keeps config and usage, and can be re-enabled", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { credit_limit: 500 });
    await generate(sandbox, key.secret, "clipia-image-1", PROMPT);
    const patch = (body: object) => call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body });
    expect((await patch({ disabled: true })).body).toMatchObject({ status: "disabled", credits_used: 2, credit_limit: 500 });
    expect((await call(sandbox, { path: "/v1/models", key: key.secret })).status).toBe(401);
    expect((await patch({ disabled: false })).body.status).toBe("active");
    expect((await call(sandbox, { path: "/v1/models", key: key.secret })).status).toBe(200);
  });

  it("an expired key is revived only by moving expires_at (409 key_expired otherwise)", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { expires_at: new Date(sandbox.now() + 1_000).toISOString() });
    sandbox.advanceClock(2_000);
    const patch = (body: object) => call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body });
    const listed = await call(sandbox, { path: "/v1/keys?status=expired", key: sandbox.keys.admin });
    expect(listed.body.data.map((k: { id: string }) => k.id)).toEqual([key.id]);
    expect(codeOf(await patch({ disabled: false }))).toBe("key_expired");
    expect((await patch({ expires_at: null })).body.status).toBe("active");
    expect((await call(sandbox, { path: "/v1/account", key: key.secret })).status).toBe(200);
  });

  it("DELETE revokes idempotently; the record stays; later updates are 409 key_revoked", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, {});
    const first = await call(sandbox, { method: "DELETE", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin });
    const second = await call(sandbox, { method: "DELETE", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin });
    expect(first.body.status).toBe("revoked");
    expect(second.body.revoked_at).toBe(first.body.revoked_at);
    const listed = await call(sandbox, { path: "/v1/keys?status=revoked", key: sandbox.keys.admin });
    expect(listed.body.data).toHaveLength(1);
    const patched = await call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body: { disabled: false } });
    expect([patched.status, codeOf(patched)]).toEqual([409, "key_revoked"]);
    const rolled = await call(sandbox, { path: `/v1/keys/${key.id}/roll`, key: sandbox.keys.admin, body: {} });
    expect(codeOf(rolled)).toBe("key_revoked");
  });

  it("roll: 201 with a new secret and the same settings; the old key expires after the grace period", async () => {
    const sandbox = createSandbox();
    const old = await createKey(sandbox, { name: "prod", scopes: ["generate"], credit_limit: 100, allowed_ips: ["127.0.0.1"] });
    const reply = await call(sandbox, { path: `/v1/keys/${old.id}/roll`, key: sandbox.keys.admin, body: { expire_current_in_seconds: 60 } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ name: "prod", scopes: ["generate"], credit_limit: 100, allowed_ips: ["127.0.0.1"], rolled_from: old.id });
    expect(reply.body.secret).not.toBe(old.secret);
    expect((await call(sandbox, { path: "/v1/account", key: old.secret })).status).toBe(200);
    sandbox.advanceClock(61_000);
    expect((await call(sandbox, { path: "/v1/account", key: old.secret })).status).toBe(401);
    expect((await call(sandbox, { path: "/v1/account", key: reply.body.secret })).status).toBe(200);
  });

  it("roll with the default grace expires the old key at once", async () => {
    const sandbox = createSandbox();
    const old = await createKey(sandbox, {});
    const rolled = await call(sandbox, { method: "POST", path: `/v1/keys/${old.id}/roll`, key: sandbox.keys.admin });
    expect(rolled.status).toBe(201);
    expect((await call(sandbox, { path: "/v1/account", key: old.secret })).status).toBe(401);
    const bad = await call(sandbox, { path: `/v1/keys/${old.id}/roll`, key: sandbox.keys.admin, body: { expire_current_in_seconds: 604_801 } });
    expect(bad.body.error.param).toBe("expire_current_in_seconds");
  });
});

describe("credit_limit and model_access", () => {
  it("never overspends: 402 credit_limit_reached, then status exhausted, reads keep working", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { credit_limit: 100 });
    const first = await generate(sandbox, key.secret, "clipia-video-1", { ...PROMPT, duration_seconds: 6 }); // 60
    expect(first.status).toBe(202);
    const over = await generate(sandbox, key.secret, "clipia-video-1", { ...PROMPT, duration_seconds: 5 }); // 50 > 40 left
    expect([over.status, codeOf(over)]).toEqual([402, "credit_limit_reached"]);
    const exact = await generate(sandbox, key.secret, "clipia-video-1", { ...PROMPT, duration_seconds: 4 }); // 40
    expect(exact.status).toBe(202);
    const account = await call(sandbox, { path: "/v1/account", key: key.secret });
    expect(account.body.key).toMatchObject({ credits_used: 100, status: "exhausted" });
    expect(account.body.balance_credits).toBe(900);
    expect(codeOf(await generate(sandbox, key.secret, "clipia-image-1", PROMPT))).toBe("credit_limit_reached");
  });

  it.each([
    [{ mode: "include", models: ["clipia-image-1"] }, { "clipia-image-1": true, "clipia-video-1": false }],
    [{ mode: "exclude", models: ["clipia-image-1"] }, { "clipia-image-1": false, "clipia-video-1": true }],
  ])("model_access %j: 403 model_not_allowed and Model.allowed", async (modelAccess, allowed) => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { environment: "test", model_access: modelAccess });
    for (const [model, isAllowed] of Object.entries(allowed)) {
      const info = await call(sandbox, { path: `/v1/models/${model}`, key: key.secret });
      expect(info.body.allowed).toBe(isAllowed);
      const reply = await generate(sandbox, key.secret, model, PROMPT);
      expect(reply.status).toBe(isAllowed ? 200 : 403);
      if (!isAllowed) expect(codeOf(reply)).toBe("model_not_allowed");
    }
  });
});
