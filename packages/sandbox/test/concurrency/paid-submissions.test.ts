import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, openTarget, submitOnce, tally, type Target, unthrottledKey } from "./transports.js";

// Concurrent paid submissions: the check and the reservation happen together, so however many
// requests race, an account's balance and a key's budget are never overspent and exactly the
// affordable number of generations is accepted (SPEC §2).

const MODEL = "flux-2-pro";

// 1,000 racers in process; over HTTP 300 already keep hundreds of requests in flight on the server.
describe.each([
  ["in process", 1000],
  ["over HTTP", 300],
] as const)("racing paid submissions %s", (kind, n) => {
  let target: Target;
  let cost: number;

  beforeAll(async () => {
    target = await openTarget(kind, 11);
    const estimate = await target.send(
      new Request(`${target.baseUrl}/v1/models/${MODEL}/estimate`, {
        method: "POST",
        headers: { authorization: `Bearer ${target.sandbox.keys.test}`, "content-type": "application/json" },
        body: JSON.stringify({ input: { prompt: "race" } }),
      }),
    );
    cost = ((await estimate.json()) as { credits: number }).credits;
    expect(cost).toBeGreaterThan(0);
  });
  afterAll(() => target?.close());

  const race = (key: string) =>
    Promise.all(Array.from({ length: n }, (_, i) => submitOnce(target, key, MODEL, `race ${i}`)));

  it(`${n} on a key with a credit budget: exactly the affordable ones pass, the budget is never passed`, async () => {
    const { account } = target.sandbox.createAccount({ balance_credits: 1_000_000 });
    const affordable = 37;
    const budget = affordable * cost + (cost - 1); // one credit short of another generation
    const key = unthrottledKey(target, account.account_id, { credit_limit: budget });

    const results = await race(key.secret);

    expect(tally(results)).toEqual({ "200": affordable, "402 insufficient_credits": n - affordable });
    expect(new Set(results.filter((r) => r.status === 200).map((r) => r.body.request_id)).size).toBe(affordable);
    const info = await getJson(target, "/v1/key", key.secret);
    expect(info.data).toMatchObject({ usage: affordable * cost, limit: budget, limit_remaining: cost - 1 });
    const stored = target.sandbox.listKeys(account.account_id).find((k) => k.id === key.id)!;
    expect(stored.credits_used).toBe(affordable * cost);
    expect((await getJson(target, "/v1/account", key.secret)).balance.credits).toBe(1_000_000 - affordable * cost);
  });

  it(`${n} on an account with a small balance: exactly the affordable ones pass, never below zero`, async () => {
    const affordable = 23;
    const balance = affordable * cost + (cost - 1);
    const { account } = target.sandbox.createAccount({ balance_credits: balance });
    const key = unthrottledKey(target, account.account_id);

    const results = await race(key.secret);

    expect(tally(results)).toEqual({ "200": affordable, "402 insufficient_credits": n - affordable });
    const after = await getJson(target, "/v1/account", key.secret);
    expect(after.balance.credits).toBe(cost - 1);
    expect(target.sandbox.listRequests(account.account_id)).toHaveLength(affordable);
  });

  it("refunds of failed generations are credited once, whatever races them", async () => {
    const { account } = target.sandbox.createAccount({ balance_credits: 20 * cost });
    const key = unthrottledKey(target, account.account_id);
    target.sandbox.forceOutcome({ outcome: "FAILED", count: 20, account_id: account.account_id });
    const first = await Promise.all(
      Array.from({ length: 20 }, (_, i) => submitOnce(target, key.secret, MODEL, `fail ${i}`)),
    );
    expect(tally(first)).toEqual({ "200": 20 });
    target.sandbox.advanceClock(120_000, { account_id: account.account_id });
    // Reads and new submissions race the settlement of the failures.
    const reads = Array.from({ length: 50 }, () => getJson(target, "/v1/account", key.secret));
    const second = Promise.all(
      Array.from({ length: 25 }, (_, i) => submitOnce(target, key.secret, MODEL, `again ${i}`)),
    );
    await Promise.all(reads);
    expect(tally(await second)).toEqual({ "200": 20, "402 insufficient_credits": 5 });
    expect((await getJson(target, "/v1/account", key.secret)).balance.credits).toBe(0);
  });
});
