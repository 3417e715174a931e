import Clipia, { GenerationFailedError, InsufficientCreditsError, RateLimitError } from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { sandbox } from "./setup.js";

// The default base URL (https://api.clipia.ai) is one the sandbox's MSW handlers answer.
const clipia = new Clipia({ apiKey: sandbox.keys.test });

describe("generations against the in-process sandbox", () => {
  it("completes at once with a test key, free and deterministic", async () => {
    const body = { input: { prompt: "a red fox in snow", duration_seconds: 3 } };
    const first = await clipia.run("clipia-video-1", body);
    const second = await clipia.run("clipia-video-1", body);
    expect(first.status).toBe("completed");
    expect(first.cost_credits).toBe(0);
    expect(second.output?.url).toBe(first.output?.url);
  });

  it("fails on a sandbox:fail prompt", async () => {
    await expect(clipia.run("clipia-video-1", { input: { prompt: "sandbox:fail" } })).rejects.toBeInstanceOf(
      GenerationFailedError,
    );
  });

  it("charges a live key once, even when the response is lost and the call retried", async () => {
    const { keys, account } = sandbox.createAccount({ balance_credits: 100 }); // isolated from other tests
    const live = new Clipia({ apiKey: keys.live });
    sandbox.injectFault({ method: "POST", path: "/v1/models/*", status: 503, phase: "after" });
    const generation = await live.generations.create("clipia-video-1", { input: { prompt: "waves", duration_seconds: 2 } });
    expect(generation.cost_credits).toBe(20);
    expect((await live.account.retrieve()).balance_credits).toBe(account.balance_credits - 20);
  });

  it("runs the live pipeline on the sandbox clock", async () => {
    const live = new Clipia({ apiKey: sandbox.createAccount().keys.live });
    const created = await live.generations.create("clipia-video-1", { input: { prompt: "clouds", duration_seconds: 1 } });
    expect(created.status).toBe("queued");
    sandbox.advanceClock(2_500);
    expect((await live.generations.retrieve(created.id)).status).toBe("in_progress");
    sandbox.advanceClock(60_000);
    expect((await live.generations.retrieve(created.id)).status).toBe("completed");
  });

  it("refuses what the balance cannot cover", async () => {
    const live = new Clipia({ apiKey: sandbox.createAccount({ balance_credits: 5 }).keys.live });
    await expect(live.generations.create("clipia-video-1", { input: { prompt: "x" } })).rejects.toBeInstanceOf(
      InsufficientCreditsError,
    );
  });

  it("surfaces an injected 429 once retries are off", async () => {
    sandbox.injectFault({ path: "/v1/account", status: 429, retry_after: 2 });
    const error = await clipia.account.retrieve({ maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(2);
  });
});
