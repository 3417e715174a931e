import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, submit } from "./helpers.js";

describe("snapshot and restore", () => {
  it("carries accounts, keys, requests and clock offsets over, without any key secret but the defaults", async () => {
    const first = createSandbox({ deterministic: true });
    const { account, keys } = first.createAccount({ balance_credits: 50 });
    const id = account.account_id;
    const extra = first.createKey(id, { name: "ci", environment: "live", credit_limit: 20 });
    const pending = await submit(first, extra.secret, "flux-2-pro", { prompt: "p" });
    first.advanceClock(5_000, { account_id: id });
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain(extra.secret);
    expect(text).not.toContain(keys.live);
    expect(text).toContain(first.keys.live);

    const second = createSandbox({ seed: 99, deterministic: true });
    second.restore(snapshot);
    expect(second.keys).toEqual(first.keys);
    expect((await call(second, extra.secret, "GET", "/v1/key")).body.data).toMatchObject({
      label: "ci",
      usage: 3,
      limit: 20,
    });
    const status = await call(second, extra.secret, "GET", `/v1/requests/${pending.body.request_id}/status`);
    expect(status.body.status).toBe("IN_PROGRESS");
    second.advanceClock(10_000, { account_id: id });
    expect((await call(second, extra.secret, "GET", `/v1/requests/${pending.body.request_id}`)).body.status).toBe(
      "COMPLETED",
    );
    // Deterministic ids keep counting from where the snapshot was, with the snapshot's seed.
    const next = await submit(second, keys.test, "flux-2-pro", { prompt: "q" });
    const again = await submit(first, keys.test, "flux-2-pro", { prompt: "q" });
    expect(next.body.request_id).toBe(again.body.request_id);
  });

  it("refuses anything but a version 2 snapshot", () => {
    const sandbox = createSandbox();
    expect(() => sandbox.restore({ version: 1, seed: "42" } as never)).toThrow(TypeError);
  });

  it("tells onChange listeners about requests and control-plane changes, not about reads", async () => {
    const sandbox = createSandbox();
    let changes = 0;
    const off = sandbox.onChange(() => changes++);
    await submit(sandbox, sandbox.keys.test, "flux-2-pro", { prompt: "p" });
    expect(changes).toBeGreaterThan(0);
    const after = changes;
    sandbox.listAccounts();
    expect(changes).toBe(after);
    off();
    sandbox.createAccount();
    expect(changes).toBe(after);
  });
});
