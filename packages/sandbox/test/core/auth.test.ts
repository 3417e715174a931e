import { createSandbox, keyChecksum } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf, createKey } from "./support.js";

const REALM = 'Bearer realm="clipia"';

describe("header schemes", () => {
  const sandbox = createSandbox();
  const key = sandbox.keys.test;
  it.each([
    ["Bearer", { authorization: `Bearer ${key}` }],
    ["bearer (lower case)", { authorization: `bearer ${key}` }],
    ["BEARER (upper case)", { authorization: `BEARER ${key}` }],
    ["Key", { authorization: `Key ${key}` }],
    ["key (lower case)", { authorization: `key ${key}` }],
    ["X-Api-Key", { "x-api-key": key }],
    ["both headers with the same key", { authorization: `Bearer ${key}`, "x-api-key": key }],
  ])("accepts %s", async (_case, headers) => {
    const reply = await call(sandbox, { path: "/v1/account", headers });
    expect(reply.status).toBe(200);
    expect(reply.body.environment).toBe("test");
  });

  it("rejects both headers with different keys: 400 conflicting_credentials", async () => {
    const reply = await call(sandbox, {
      path: "/v1/account",
      headers: { authorization: `Bearer ${key}`, "x-api-key": sandbox.keys.live },
    });
    expect([reply.status, codeOf(reply)]).toEqual([400, "conflicting_credentials"]);
  });
});

describe("401 invalid_api_key says why", () => {
  const unknownKey = (() => {
    const head = `clipia_live_${"Z".repeat(30)}`;
    return head + keyChecksum(head);
  })();

  it("missing: no error= in WWW-Authenticate", async () => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path: "/v1/account" });
    expect([reply.status, codeOf(reply)]).toEqual([401, "invalid_api_key"]);
    expect(reply.body.error.message).toMatch(/missing/i);
    expect(reply.headers.get("www-authenticate")).toBe(REALM);
  });

  it.each([
    ["another scheme", { authorization: "Basic dXNlcjpwYXNz" }, /malformed/i],
    ["a scheme without a key", { authorization: "Bearer" }, /malformed/i],
    ["a bad checksum", { authorization: "Bearer clipia_live_000000000000000000000000000000000000" }, /malformed/i],
    ["an unknown prefix", { "x-api-key": "sk-1234" }, /malformed/i],
    ["a well-formed key nobody issued", { authorization: `Bearer ${unknownKey}` }, /unknown/i],
  ])("%s", async (_case, headers, message) => {
    const sandbox = createSandbox();
    const reply = await call(sandbox, { path: "/v1/account", headers });
    expect([reply.status, codeOf(reply)]).toEqual([401, "invalid_api_key"]);
    expect(reply.body.error.message).toMatch(message);
    expect(reply.headers.get("www-authenticate")).toBe(`${REALM}, error="invalid_token"`);
  });

  it.each([
    ["revoked", (id: string) => ({ method: "DELETE", path: `/v1/keys/${id}` }), /revoked/],
    ["disabled", (id: string) => ({ method: "PATCH", path: `/v1/keys/${id}`, body: { disabled: true } }), /disabled/],
  ])("%s", async (_case, change, message) => {
    const sandbox = createSandbox();
    const created = await createKey(sandbox, {});
    expect((await call(sandbox, { path: "/v1/account", key: created.secret })).status).toBe(200);
    const changed = await call(sandbox, { key: sandbox.keys.admin, ...change(created.id) });
    expect(changed.status).toBe(200);
    const reply = await call(sandbox, { path: "/v1/account", key: created.secret });
    expect([reply.status, codeOf(reply)]).toEqual([401, "invalid_api_key"]);
    expect(reply.body.error.message).toMatch(message);
    expect(reply.headers.get("www-authenticate")).toBe(`${REALM}, error="invalid_token"`);
  });

  it("expired, once the sandbox clock passes expires_at", async () => {
    const sandbox = createSandbox();
    const created = await createKey(sandbox, { expires_at: new Date(sandbox.now() + 60_000).toISOString() });
    expect((await call(sandbox, { path: "/v1/account", key: created.secret })).status).toBe(200);
    sandbox.advanceClock(61_000);
    const reply = await call(sandbox, { path: "/v1/account", key: created.secret });
    expect([reply.status, codeOf(reply)]).toEqual([401, "invalid_api_key"]);
    expect(reply.body.error.message).toMatch(/expired/);
  });

  it("never echoes the secret, only its redacted value", async () => {
    const sandbox = createSandbox();
    const created = await createKey(sandbox, {});
    await call(sandbox, { method: "DELETE", path: `/v1/keys/${created.id}`, key: sandbox.keys.admin });
    const reply = await call(sandbox, { path: "/v1/account", key: created.secret });
    expect(JSON.stringify(reply.body)).not.toContain(created.secret);
    expect(reply.body.error.message).toContain(created.redacted_value);
  });

  it("updates last_used_at on a successful request", async () => {
    const sandbox = createSandbox();
    const created = await createKey(sandbox, {});
    expect(created.last_used_at).toBeNull();
    await call(sandbox, { path: "/v1/models", key: created.secret });
    const reply = await call(sandbox, { path: `/v1/keys/${created.id}`, key: sandbox.keys.admin });
    expect(Date.parse(reply.body.last_used_at)).toBeGreaterThanOrEqual(Date.parse(created.created_at as string));
  });
});
