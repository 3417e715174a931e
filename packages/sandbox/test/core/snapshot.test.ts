import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";

describe("snapshot, restore, onChange", () => {
  it("a snapshot restores keys, balances and requests into another sandbox of the same seed", async () => {
    const first = createSandbox({ seed: 4 });
    const { account, keys } = first.createAccount({ balance_credits: 100 });
    const response = await first.fetch("https://api.clipia.ai/v1/models/flux-2-pro", {
      method: "POST",
      headers: { authorization: `Bearer ${keys.live}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "x" } }),
    });
    const { request_id, cost } = (await response.json()) as { request_id: string; cost: number };
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));

    const second = createSandbox({ seed: 4 });
    second.restore(snapshot);
    const status = await second.fetch(`https://api.clipia.ai/v1/requests/${request_id}/status`, {
      headers: { authorization: `Bearer ${keys.live}` },
    });
    expect(status.status).toBe(200);
    expect(second.listAccounts().find((a) => a.account_id === account.account_id)?.balance.credits).toBe(100 - cost);
  });

  it("a snapshot carries the account settings; one taken before they existed restores them as the defaults", () => {
    const first = createSandbox({ seed: 4 });
    const { account } = first.createAccount({ subscription: "none" });
    first.updateAccount(account.account_id, { strict_inputs: true });
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    const second = createSandbox({ seed: 4 });
    second.restore(snapshot);
    const settingsOf = (sandbox: typeof second) =>
      sandbox.listAccounts().map(({ subscription, strict_inputs }) => ({ subscription, strict_inputs }));
    expect(settingsOf(second)).toEqual([
      { subscription: "active", strict_inputs: false },
      { subscription: "none", strict_inputs: true },
    ]);
    second.reset({ account_id: account.account_id });
    expect(settingsOf(second)[1]).toEqual({ subscription: "none", strict_inputs: false });

    // An older snapshot: its accounts carry neither setting.
    for (const stored of snapshot.accounts) {
      for (const record of [stored, stored.initial]) {
        delete record.subscription;
        delete record.strict_inputs;
      }
    }
    second.restore(snapshot);
    expect(settingsOf(second)).toEqual([
      { subscription: "active", strict_inputs: false },
      { subscription: "active", strict_inputs: false },
    ]);
    second.reset({ account_id: account.account_id });
    expect(settingsOf(second)[1]).toEqual({ subscription: "active", strict_inputs: false });
  });

  it("onChange fires on a change and stops after unsubscribing", async () => {
    const sandbox = createSandbox({ seed: 4 });
    let calls = 0;
    const off = sandbox.onChange(() => calls++);
    sandbox.createAccount();
    expect(calls).toBeGreaterThan(0);
    off();
    const seen = calls;
    sandbox.createAccount();
    expect(calls).toBe(seen);
  });
});
