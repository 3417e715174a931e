import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, submit } from "./helpers.js";

const DAY = 86_400_000;

describe("usage_30d", () => {
  it("counts the calling key's requests and kept credits over the last 30 days of its account's clock", async () => {
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount({ balance_credits: 100 });
    const id = account.account_id;
    const usage = async (key: string) => (await call(sandbox, key, "GET", "/v1/account")).body.usage_30d;
    await submit(sandbox, keys.live, "nano-banana-2", { prompt: "a" });
    expect(await usage(keys.live)).toEqual({ requests: 1, credits_spent: 4 });
    sandbox.advanceClock(20 * DAY, { account_id: id });
    sandbox.forceOutcome({ outcome: "FAILED", account_id: id });
    const failed = await submit(sandbox, keys.live, "flux-2-pro", { prompt: "b" });
    await submit(sandbox, keys.live, "flux-2-pro", { prompt: "c" });
    await submit(sandbox, keys.test, "flux-2-pro", { prompt: "d" });
    expect(await usage(keys.live)).toEqual({ requests: 3, credits_spent: 10 });
    sandbox.advanceClock(60_000, { account_id: id });
    expect((await call(sandbox, keys.live, "GET", `/v1/requests/${failed.body.request_id}`)).body.status).toBe(
      "FAILED",
    );
    expect(await usage(keys.live)).toEqual({ requests: 3, credits_spent: 7 });
    sandbox.advanceClock(10 * DAY, { account_id: id });
    expect(await usage(keys.live)).toEqual({ requests: 2, credits_spent: 3 });
    expect(await usage(keys.test)).toEqual({ requests: 1, credits_spent: 0 });
    sandbox.reset({ account_id: id });
    expect(await usage(keys.live)).toEqual({ requests: 0, credits_spent: 0 });
  });
});
