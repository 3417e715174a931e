import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf, createKey } from "./support.js";

describe("credential kinds and scopes", () => {
  const sandbox = createSandbox();
  const { admin, live, test, test_read_only: readOnly } = sandbox.keys;
  const generateBody = { input: { prompt: "a lighthouse" } };

  it.each([
    ["admin key on GET /v1/generations", admin, "GET", "/v1/generations", undefined, 403, "api_key_required"],
    ["admin key generating", admin, "POST", "/v1/models/clipia-video-1", generateBody, 403, "api_key_required"],
    ["admin key cancelling", admin, "POST", "/v1/generations/gen_x/cancel", {}, 403, "api_key_required"],
    ["live key on /v1/keys", live, "GET", "/v1/keys", undefined, 403, "admin_key_required"],
    ["test key creating a key", test, "POST", "/v1/keys", { name: "x", environment: "test" }, 403, "admin_key_required"],
    ["read-only key generating", readOnly, "POST", "/v1/models/clipia-image-1", generateBody, 403, "insufficient_scope"],
    ["read-only key cancelling", readOnly, "POST", "/v1/generations/gen_x/cancel", {}, 403, "insufficient_scope"],
    ["admin key on the account", admin, "GET", "/v1/account", undefined, 200, undefined],
    ["admin key on the models", admin, "GET", "/v1/models", undefined, 200, undefined],
    ["read-only key listing generations", readOnly, "GET", "/v1/generations", undefined, 200, undefined],
    ["read-only key on the account", readOnly, "GET", "/v1/account", undefined, 200, undefined],
  ])("%s → %s %s", async (_case, key, method, path, body, status, code) => {
    const reply = await call(sandbox, { method, path, key, body });
    expect(reply.status).toBe(status);
    expect(codeOf(reply)).toBe(code);
  });

  it("read grants nothing extra: a generate-only key reads generations, models and the account", async () => {
    const scoped = createSandbox();
    const { secret } = await createKey(scoped, { environment: "test", scopes: ["generate"] });
    const created = await call(scoped, { path: "/v1/models/clipia-image-1", key: secret, body: generateBody });
    expect(created.status).toBe(200);
    for (const path of ["/v1/generations", `/v1/generations/${created.body.id}`, "/v1/models", "/v1/models/clipia-image-1", "/v1/account"]) {
      expect([path, (await call(scoped, { path, key: secret })).status]).toEqual([path, 200]);
    }
  });

  it("names the missing scope in the message and in WWW-Authenticate", async () => {
    const reply = await call(sandbox, { path: "/v1/models/clipia-image-1", key: readOnly, body: generateBody });
    expect(reply.body.error.message).toContain("generate");
    expect(reply.headers.get("www-authenticate")).toBe('Bearer realm="clipia", error="insufficient_scope", scope="generate"');
  });

  it("admin keys carry no scopes; API keys default to both", async () => {
    const [asAdmin, asLive] = await Promise.all([admin, live].map((key) => call(sandbox, { path: "/v1/account", key })));
    expect(asAdmin?.body.key.scopes).toEqual([]);
    expect(asLive?.body.key.scopes).toEqual(["generate", "read"]);
  });

  it("Model.allowed is false for an admin key and true for an API key", async () => {
    const asAdmin = await call(sandbox, { path: "/v1/models/clipia-video-1", key: admin });
    const asLive = await call(sandbox, { path: "/v1/models/clipia-video-1", key: live });
    expect([asAdmin.body.allowed, asLive.body.allowed]).toEqual([false, true]);
  });

  it("checks the scope before the body (403 beats a malformed body)", async () => {
    const reply = await call(sandbox, {
      method: "POST",
      path: "/v1/models/clipia-video-1",
      key: readOnly,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(codeOf(reply)).toBe("insufficient_scope");
  });
});
