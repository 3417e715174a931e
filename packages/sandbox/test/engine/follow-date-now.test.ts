import { createSandbox } from "@clipia/sandbox";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, submit } from "./helpers.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("followDateNow", () => {
  it("lets fake timers drive the clock: lifecycle, rate-limit window and usage follow vi time", async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const sandbox = createSandbox({ followDateNow: true });
    const { keys, account } = sandbox.createAccount();
    expect(sandbox.now()).toBe(Date.UTC(2026, 0, 1));
    const submitted = await submit(sandbox, keys.live, "nano-banana-2", { prompt: "p" });
    expect(submitted.body.queue_position).toBe(2);
    vi.advanceTimersByTime(9_000);
    const status = await call(sandbox, keys.live, "GET", `/v1/requests/${submitted.body.request_id}/status`);
    expect(status.body).toMatchObject({ status: "IN_PROGRESS", progress: 50 });
    vi.advanceTimersByTime(6_000);
    expect(sandbox.listRequests(account.account_id)[0]?.status).toBe("COMPLETED");
    expect(sandbox.now({ account_id: account.account_id })).toBe(Date.UTC(2026, 0, 1) + 15_000);
  });

  it("adds each account's own offset on top of Date.now()", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const sandbox = createSandbox({ followDateNow: true });
    const a = sandbox.createAccount().account.account_id;
    const b = sandbox.createAccount().account.account_id;
    sandbox.advanceClock(60_000, { account_id: a });
    vi.advanceTimersByTime(1_000);
    expect([sandbox.now({ account_id: a }), sandbox.now({ account_id: b }), sandbox.now()]).toEqual([
      1_061_000, 1_001_000, 1_001_000,
    ]);
  });

  it("is not driven by fake timers without the option", () => {
    const sandbox = createSandbox();
    const before = sandbox.now();
    vi.useFakeTimers({ now: Date.UTC(2000, 0, 1) });
    expect(sandbox.now()).toBeGreaterThanOrEqual(before);
  });
});
