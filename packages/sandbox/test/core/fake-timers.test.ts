import { createSandbox } from "@clipia/sandbox";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// SPEC §5.1 D: with followDateNow the sandbox clock reads Date.now() (plus the account's offset),
// so vi.useFakeTimers drives the live lifecycle; without it, fake timers do not touch the clock.

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"], now: Date.UTC(2026, 5, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

async function statusOf(sandbox: ReturnType<typeof createSandbox>, key: string, id: string) {
  const response = await sandbox.fetch(`https://api.clipia.ai/v1/requests/${id}/status`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return ((await response.json()) as { status: string }).status;
}

async function submitLive(sandbox: ReturnType<typeof createSandbox>, key: string) {
  const response = await sandbox.fetch("https://api.clipia.ai/v1/models/nano-banana-2", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ input: { prompt: "timers" } }),
  });
  return ((await response.json()) as { request_id: string }).request_id;
}

describe("followDateNow", () => {
  it("fake timers drive the lifecycle: IN_QUEUE now, COMPLETED 30 s of fake time later", async () => {
    const sandbox = createSandbox({ followDateNow: true });
    expect(sandbox.now()).toBe(Date.UTC(2026, 5, 1));
    const id = await submitLive(sandbox, sandbox.keys.live);
    expect(await statusOf(sandbox, sandbox.keys.live, id)).toBe("IN_QUEUE");
    vi.advanceTimersByTime(30_000);
    expect(await statusOf(sandbox, sandbox.keys.live, id)).toBe("COMPLETED");
  });

  it("an account's own offset adds to Date.now()", () => {
    const sandbox = createSandbox({ followDateNow: true });
    const { account } = sandbox.createAccount();
    sandbox.advanceClock(5_000, { account_id: account.account_id });
    vi.advanceTimersByTime(1_000);
    expect(sandbox.now({ account_id: account.account_id })).toBe(Date.UTC(2026, 5, 1) + 6_000);
    expect(sandbox.now()).toBe(Date.UTC(2026, 5, 1) + 1_000);
  });

  it("without it, fake time does not move the sandbox clock", async () => {
    const sandbox = createSandbox();
    const before = sandbox.now();
    vi.advanceTimersByTime(3_600_000);
    expect(sandbox.now() - before).toBeLessThan(1_000);
    const id = await submitLive(sandbox, sandbox.keys.live);
    vi.advanceTimersByTime(3_600_000);
    expect(await statusOf(sandbox, sandbox.keys.live, id)).not.toBe("COMPLETED");
  });
});
