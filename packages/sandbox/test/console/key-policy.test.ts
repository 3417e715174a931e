import { createSandbox, type KeyUpdateInput } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, submit } from "../engine/helpers.js";

const future = () => new Date(Date.now() + 86_400_000).toISOString();

describe("key status precedence: revoked > disabled > expired > exhausted > active", () => {
  const rows: Array<
    [string, { patch: KeyUpdateInput; expire?: boolean; exhaust?: boolean; revoke?: boolean }, string]
  > = [
    ["nothing", { patch: {} }, "active"],
    ["an exhausted budget", { patch: {}, exhaust: true }, "exhausted"],
    ["expired and exhausted", { patch: {}, expire: true, exhaust: true }, "expired"],
    ["disabled, expired and exhausted", { patch: { disabled: true }, expire: true, exhaust: true }, "disabled"],
    ["revoked and all the rest", { patch: { disabled: true }, expire: true, exhaust: true, revoke: true }, "revoked"],
  ];

  it.each(rows)("a key with %s is %s", async (_, setup, status) => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const id = account.account_id;
    const key = sandbox.createKey(id, { name: "k", environment: "live", credit_limit: 4, expires_at: future() });
    if (setup.exhaust) expect((await submit(sandbox, key.secret, "nano-banana-2", { prompt: "p" })).status).toBe(200);
    sandbox.updateKey(key.id, setup.patch);
    if (setup.expire) sandbox.advanceClock(2 * 86_400_000, { account_id: id });
    if (setup.revoke) sandbox.revokeKey(key.id);
    expect(sandbox.listKeys(id).find((k) => k.id === key.id)?.status).toBe(status);
  });
});

describe("key policies on public paths", () => {
  it.each([
    ["revoked", (s: ReturnType<typeof createSandbox>, id: string) => s.revokeKey(id), /revoked/],
    ["disabled", (s: ReturnType<typeof createSandbox>, id: string) => s.updateKey(id, { disabled: true }), /disabled/],
  ])("a %s key is 401 invalid_api_key saying so, with its redacted form only", async (_, act, message) => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, { name: "k", environment: "test" });
    act(sandbox, key.id);
    const answer = await call(sandbox, key.secret, "GET", "/v1/account");
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(message);
    expect(answer.body.error.message).toContain(key.redacted_value);
    expect(JSON.stringify(answer.body)).not.toContain(key.secret);
    expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="clipia", error="invalid_token"');
  });

  it("an expired key is 401; re-enabling a disabled key restores it (history kept)", async () => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, { name: "k", environment: "test", expires_at: future() });
    sandbox.updateKey(key.id, { disabled: true });
    sandbox.updateKey(key.id, { disabled: false });
    expect((await call(sandbox, key.secret, "GET", "/v1/key")).status).toBe(200);
    sandbox.advanceClock(2 * 86_400_000, { account_id: account.account_id });
    const expired = await call(sandbox, key.secret, "GET", "/v1/key");
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
  });

  it("an exhausted budget is 402 insufficient_credits; GET /v1/key shows the budget", async () => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, { name: "budget", environment: "live", credit_limit: 6 });
    expect((await submit(sandbox, key.secret, "nano-banana-2", { prompt: "p" })).status).toBe(200);
    const over = await submit(sandbox, key.secret, "nano-banana-2", { prompt: "p" });
    expect(over).toMatchObject({ status: 402, body: { error: { code: "insufficient_credits" } } });
    const info = await call(sandbox, key.secret, "GET", "/v1/key");
    expect(info.body).toEqual({
      data: { label: "budget", usage: 4, limit: 6, limit_remaining: 2, rate_limit: { requests: 120, interval: "1m" } },
    });
  });

  it.each([
    ["include", ["flux-2-pro"], "flux-2-pro", 200],
    ["include", ["flux-2-pro"], "nano-banana-2", 403],
    ["exclude", ["nano-banana-2"], "nano-banana-2", 403],
    ["exclude", ["nano-banana-2"], "flux-2-pro", 200],
  ] as const)("model access %s %j: %s answers %i", async (mode, models, model, status) => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, {
      name: "k",
      environment: "test",
      model_access: { mode, models: [...models] },
    });
    const answer = await submit(sandbox, key.secret, model, { prompt: "p" });
    expect(answer.status).toBe(status);
    if (status === 403)
      expect(answer.body.error).toMatchObject({ type: "permission_error", code: "model_not_allowed" });
  });

  it("checks model access after the model exists and before the input (SPEC §3 order)", async () => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, {
      name: "k",
      environment: "test",
      model_access: { mode: "include", models: ["flux-2-pro"] },
    });
    expect((await submit(sandbox, key.secret, "no-such-model", { prompt: 1 })).status).toBe(404);
    expect((await submit(sandbox, key.secret, "kling-3", { prompt: 1 })).status).toBe(403);
    expect((await submit(sandbox, key.secret, "flux-2-pro", { prompt: 1 })).status).toBe(422);
  });

  it("applies a key's scopes: a read-only key cannot submit (403 insufficient_scope) but reads", async () => {
    const sandbox = createSandbox();
    const denied = await submit(sandbox, sandbox.keys.test_read_only, "flux-2-pro", { prompt: "p" });
    expect(denied.body.error).toEqual({
      type: "permission_error",
      code: "insufficient_scope",
      message: expect.stringContaining("generate"),
    });
    expect(
      (
        await call(sandbox, sandbox.keys.test_read_only, "POST", "/v1/models/flux-2-pro/estimate", {
          input: { prompt: "p" },
        })
      ).status,
    ).toBe(200);
  });
});
