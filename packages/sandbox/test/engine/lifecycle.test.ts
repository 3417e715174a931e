import { createSandbox } from "@clipia/sandbox";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, submit } from "./helpers.js";

// Live: IN_QUEUE (queue_position counting down each second) → IN_PROGRESS (progress rising) →
// terminal on the account's clock; images in 15 s, videos in 5 s + 30 s + 5 s per second of video.
const imageTimeline: Array<[number, string, number | null, number | null]> = [
  [0, "IN_QUEUE", 2, null],
  [1_000, "IN_QUEUE", 1, null],
  [2_000, "IN_QUEUE", 0, null],
  [3_000, "IN_PROGRESS", null, 0],
  [9_000, "IN_PROGRESS", null, 50],
  [14_999, "IN_PROGRESS", null, 99],
  [15_000, "COMPLETED", null, 100],
];

describe("request lifecycle", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(imageTimeline)(
    "an image at +%i ms is %s (queue_position %s, progress %s)",
    async (at, status, position, progress) => {
      // Fake timers and followDateNow freeze real time, so the table's boundaries are exact.
      vi.useFakeTimers({ now: Date.UTC(2026, 6, 1), toFake: ["Date", "setTimeout", "clearTimeout"] });
      const sandbox = createSandbox({ followDateNow: true });
      const { keys, account } = sandbox.createAccount();
      const submitted = await submit(sandbox, keys.live, "nano-banana-2", { prompt: "p" });
      expect(submitted.body).toMatchObject({ status: "IN_QUEUE", queue_position: 2 });
      sandbox.advanceClock(at, { account_id: account.account_id });
      const polled = await call(sandbox, keys.live, "GET", `/v1/requests/${submitted.body.request_id}/status`);
      expect(polled.body).toEqual({
        request_id: submitted.body.request_id,
        status,
        queue_position: position,
        progress,
        logs: [],
      });
      const result = await call(sandbox, keys.live, "GET", `/v1/requests/${submitted.body.request_id}`);
      expect(result.status).toBe(status === "COMPLETED" ? 200 : 202);
    },
  );

  it("finishes a video within 120 s of clock and serves its sample MP4", async () => {
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount();
    const submitted = await submit(sandbox, keys.live, "kling-3", { prompt: "p", duration: 10 });
    sandbox.advanceClock(84_000, { account_id: account.account_id });
    expect((await call(sandbox, keys.live, "GET", `/v1/requests/${submitted.body.request_id}`)).status).toBe(202);
    sandbox.advanceClock(1_000, { account_id: account.account_id });
    const result = await call(sandbox, keys.live, "GET", `/v1/requests/${submitted.body.request_id}`);
    expect(result.body).toMatchObject({ status: "COMPLETED", model: "kling-3", error: null, cost: 72 });
    const video = await sandbox.fetch(result.body.output.video.url);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect(new TextDecoder().decode((await video.arrayBuffer()).slice(4, 8))).toBe("ftyp");
  });

  it("answers a test key COMPLETED at once, with the sample PNG", async () => {
    const sandbox = createSandbox();
    const submitted = await submit(sandbox, sandbox.keys.test, "nano-banana-2", { prompt: "p", num_images: 2 });
    expect(submitted.body).toMatchObject({ status: "COMPLETED", queue_position: 0 });
    const status = await call(sandbox, sandbox.keys.test, "GET", `/v1/requests/${submitted.body.request_id}/status`);
    expect(status.body).toMatchObject({ status: "COMPLETED", queue_position: null, progress: 100 });
    const result = await call(sandbox, sandbox.keys.test, "GET", `/v1/requests/${submitted.body.request_id}`);
    expect(result.body.output.images).toHaveLength(2);
    const png = new Uint8Array(await (await sandbox.fetch(result.body.output.images[0].original_url)).arrayBuffer());
    expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  it("keeps live and test requests invisible to each other (404)", async () => {
    const sandbox = createSandbox();
    const live = await submit(sandbox, sandbox.keys.live, "flux-2-pro", { prompt: "p" });
    const test = await submit(sandbox, sandbox.keys.test, "flux-2-pro", { prompt: "p" });
    expect((await call(sandbox, sandbox.keys.test, "GET", `/v1/requests/${live.body.request_id}`)).status).toBe(404);
    expect((await call(sandbox, sandbox.keys.live, "GET", `/v1/requests/${test.body.request_id}/status`)).status).toBe(
      404,
    );
    const other = sandbox.createAccount();
    expect((await call(sandbox, other.keys.live, "GET", `/v1/requests/${live.body.request_id}`)).status).toBe(404);
  });

  it("refunds a FAILED outcome and keeps a SLOW one IN_PROGRESS until 10 minutes", async () => {
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount({ balance_credits: 100 });
    const id = account.account_id;
    sandbox.forceOutcome({ outcome: "FAILED", account_id: id });
    sandbox.forceOutcome({ outcome: "SLOW", account_id: id });
    const failed = await submit(sandbox, keys.live, "sora-2", { prompt: "p" });
    const slow = await submit(sandbox, keys.live, "sora-2", { prompt: "p" });
    expect(sandbox.usage(id).balance.credits).toBe(66);
    sandbox.advanceClock(120_000, { account_id: id });
    const result = await call(sandbox, keys.live, "GET", `/v1/requests/${failed.body.request_id}`);
    expect(result.body).toMatchObject({ status: "FAILED", output: null, error: { code: "GENERATION_FAILED" } });
    expect(sandbox.usage(id).balance.credits).toBe(83);
    expect((await call(sandbox, keys.live, "GET", `/v1/requests/${slow.body.request_id}/status`)).body.status).toBe(
      "IN_PROGRESS",
    );
    sandbox.advanceClock(480_000, { account_id: id });
    expect((await call(sandbox, keys.live, "GET", `/v1/requests/${slow.body.request_id}/status`)).body.status).toBe(
      "COMPLETED",
    );
  });

  it("cancels from the console: CANCELED, refunded, and final", async () => {
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount({ balance_credits: 50 });
    const submitted = await submit(sandbox, keys.live, "seedance-2-fast-t2v", { prompt: "p" });
    expect(sandbox.usage(account.account_id).balance.credits).toBe(3);
    const canceled = sandbox.cancelRequest(submitted.body.request_id);
    expect(canceled).toMatchObject({ status: "CANCELED", error: { code: "GENERATION_CANCELED" }, output: null });
    expect(sandbox.usage(account.account_id).balance.credits).toBe(50);
    expect(() => sandbox.cancelRequest(submitted.body.request_id)).toThrow(/already CANCELED/);
  });
});
