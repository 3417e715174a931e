import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call } from "./helpers.js";

const post = (
  sandbox: ReturnType<typeof createSandbox>,
  key: string,
  model: string,
  input: unknown,
  idempotencyKey: string,
) => call(sandbox, key, "POST", `/v1/models/${model}`, { input }, { "idempotency-key": idempotencyKey });

describe("Idempotency-Key", () => {
  it("answers the same body and model with the first answer: same request_id, one charge", async () => {
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount({ balance_credits: 10 });
    const first = await post(sandbox, keys.live, "nano-banana-2", { prompt: "p" }, "key-1");
    const second = await post(sandbox, keys.live, "nano-banana-2", { prompt: "p" }, "key-1");
    expect(second).toMatchObject({ status: 200, body: first.body });
    expect(sandbox.listRequests(account.account_id)).toHaveLength(1);
    expect(sandbox.usage(account.account_id).balance.credits).toBe(6);
  });

  it.each([
    ["a different body", "nano-banana-2", { prompt: "q" }],
    ["a different model", "nano-banana-pro", { prompt: "p" }],
  ])("rejects the same key with %s: 409 idempotency_key_reuse", async (_, model, input) => {
    const sandbox = createSandbox();
    await post(sandbox, sandbox.keys.test, "nano-banana-2", { prompt: "p" }, "key-1");
    const reused = await post(sandbox, sandbox.keys.test, model, input, "key-1");
    expect(reused).toMatchObject({
      status: 409,
      body: { error: { code: "idempotency_key_reuse", type: "invalid_request_error" } },
    });
  });

  it("keeps only 2xx answers: a rejected request can be retried with the same key once fixed", async () => {
    const sandbox = createSandbox();
    const invalid = await post(sandbox, sandbox.keys.test, "nano-banana-2", { prompt: 1 }, "key-1");
    expect(invalid.status).toBe(422);
    const fixed = await post(sandbox, sandbox.keys.test, "nano-banana-2", { prompt: "p" }, "key-1");
    expect(fixed.status).toBe(200);
  });

  it("scopes keys to the API key that sent them", async () => {
    const sandbox = createSandbox();
    const a = await post(sandbox, sandbox.keys.test, "nano-banana-2", { prompt: "p" }, "shared");
    const other = sandbox.createAccount();
    const b = await post(sandbox, other.keys.test, "nano-banana-2", { prompt: "p" }, "shared");
    expect(b.body.request_id).not.toBe(a.body.request_id);
  });

  it("answers 409 request_in_progress while the first is held, then replays it", async () => {
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount();
    sandbox.injectFault({ path: "/v1/models/flux-2-pro", delay_ms: 400, account_id: account.account_id });
    const first = post(sandbox, keys.test, "flux-2-pro", { prompt: "p" }, "slow-1");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = await post(sandbox, keys.test, "flux-2-pro", { prompt: "p" }, "slow-1");
    expect(during).toMatchObject({ status: 409, body: { error: { code: "request_in_progress" } } });
    const answered = await first;
    expect(answered.status).toBe(200);
    const after = await post(sandbox, keys.test, "flux-2-pro", { prompt: "p" }, "slow-1");
    expect(after.body.request_id).toBe(answered.body.request_id);
  });

  it("forgets a key after 24 h of clock", async () => {
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount();
    const first = await post(sandbox, keys.test, "flux-2-pro", { prompt: "p" }, "day");
    sandbox.advanceClock(24 * 3_600_000, { account_id: account.account_id });
    const later = await post(sandbox, keys.test, "flux-2-pro", { prompt: "p" }, "day");
    expect(later.body.request_id).not.toBe(first.body.request_id);
  });
});
