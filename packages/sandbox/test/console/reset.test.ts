import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, submit } from "../engine/helpers.js";

describe("reset", () => {
  it("restores one account only: keys back to initial, requests, clock, faults, outcomes and webhook log cleared", async () => {
    const sandbox = createSandbox({ fetch: async () => new Response(null, { status: 204 }) });
    const a = sandbox.createAccount({ balance_credits: 100 });
    const b = sandbox.createAccount({ balance_credits: 100 });
    const aId = a.account.account_id;
    const bId = b.account.account_id;
    const setUp = async (credentials: typeof a) => {
      const id = credentials.account.account_id;
      const extra = sandbox.createKey(id, { name: "extra", environment: "test" });
      sandbox.updateKey(sandbox.listKeys(id)[0]!.id, { disabled: true });
      await submit(
        sandbox,
        credentials.keys.test,
        "flux-2-pro",
        { prompt: "p" },
        { webhook_url: "https://example.com/h" },
      );
      sandbox.advanceClock(5_000, { account_id: id });
      sandbox.injectFault({ status: 503, account_id: id, count: 5 });
      sandbox.forceOutcome({ outcome: "FAILED", account_id: id, count: 5 });
      sandbox.rotateWebhookSecret(id);
      return extra;
    };
    const extraA = await setUp(a);
    await setUp(b);
    const bBefore = {
      keys: sandbox.listKeys(bId),
      requests: sandbox.listRequests(bId).map((r) => r.request_id),
      deliveries: sandbox.webhookDeliveries({ account_id: bId }).length,
    };

    sandbox.reset({ account_id: aId });

    expect(sandbox.listKeys(aId).map((k) => [k.name, k.status])).toEqual([
      ["Default live key", "active"],
      ["Default test key", "active"],
      ["Read-only test key", "active"],
    ]);
    expect(sandbox.listRequests(aId)).toEqual([]);
    expect(sandbox.webhookDeliveries({ account_id: aId })).toEqual([]);
    expect(sandbox.usage(aId).balance.credits).toBe(100);
    expect(Math.abs(sandbox.now({ account_id: aId }) - sandbox.now())).toBeLessThan(1_000);
    // The initial secrets work again; a key created after the start is gone; the fault of A is gone.
    expect((await call(sandbox, a.keys.test, "GET", "/v1/account")).status).toBe(200);
    expect((await call(sandbox, extraA.secret, "GET", "/v1/account")).status).toBe(401);
    expect((await submit(sandbox, a.keys.test, "flux-2-pro", { prompt: "p" })).body.status).toBe("COMPLETED");

    // B is untouched: its fault and outcome still apply.
    expect(sandbox.listKeys(bId)).toEqual(bBefore.keys);
    expect(sandbox.listRequests(bId).map((r) => r.request_id)).toEqual(bBefore.requests);
    expect(sandbox.webhookDeliveries({ account_id: bId })).toHaveLength(bBefore.deliveries);
    expect((await call(sandbox, b.keys.test, "GET", "/v1/account")).status).toBe(503);
    // The global clock is read first: B's clock, read after it, is at least 5 s ahead (no race on a millisecond tick).
    const globalNow = sandbox.now();
    expect(sandbox.now({ account_id: bId }) - globalNow).toBeGreaterThanOrEqual(5_000);
  });

  it("resetAll() puts the whole sandbox back to its seed: one account, the default keys", async () => {
    const sandbox = createSandbox();
    const keys = sandbox.keys;
    sandbox.createAccount();
    await submit(sandbox, keys.live, "flux-2-pro", { prompt: "p" });
    sandbox.advanceAllClocks(60_000);
    sandbox.resetAll();
    expect(sandbox.listAccounts()).toHaveLength(1);
    expect(sandbox.keys).toEqual(keys);
    expect(sandbox.account.balance.credits).toBe(1000);
    expect(sandbox.listRequests(sandbox.account.account_id)).toEqual([]);
    expect(sandbox.now() - Date.now()).toBeLessThan(1_000);
  });

  it("gives the same keys, ids and secrets for the same seed", async () => {
    const one = createSandbox({ seed: 7, deterministic: true });
    const two = createSandbox({ seed: 7, deterministic: true });
    expect(one.keys).toEqual(two.keys);
    expect(one.createAccount()).toEqual(two.createAccount());
    const a = await submit(one, one.keys.test, "flux-2-pro", { prompt: "p" });
    const b = await submit(two, two.keys.test, "flux-2-pro", { prompt: "p" });
    expect(a.body.request_id).toBe(b.body.request_id);
    expect(createSandbox({ seed: 8 }).keys.test).not.toBe(one.keys.test);
    expect(one.keys.live).toMatch(/^clipia_live_[0-9A-Za-z]{32}$/);
  });
});
