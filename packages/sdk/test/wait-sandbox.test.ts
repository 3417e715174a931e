// wait() and run() on live keys, driven by the sandbox clock: every poll moves it 1 s forward,
// so the whole pipeline (queued 2 s, in_progress 3 s + 1 s per second of video) runs in ms.
import {
  APITimeoutError,
  APIUserAbortError,
  GenerationCanceledError,
  GenerationFailedError,
  type Generation,
} from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { inProcess } from "./sandbox-helpers.js";

function live() {
  const env = inProcess();
  const polls: string[] = [];
  env.wrap((inner) => (request) => {
    if (request.method === "GET" && /\/v1\/generations\/gen_/.test(request.url)) {
      polls.push(request.url);
      env.sandbox.advanceClock(1_000);
    }
    return inner(request);
  });
  return { ...env, polls, clipia: env.client(env.sandbox.keys.live) };
}

const fast = { pollInterval: 1 };

describe("run() on a live key", () => {
  it("creates, polls and resolves completed, reporting each status once", async () => {
    const { clipia, polls } = live();
    const updates: Generation[] = [];
    const done = await clipia.run("clipia-video-1", { input: { prompt: "tide", duration_seconds: 2 } }, {
      ...fast,
      onUpdate: (g) => updates.push(structuredClone(g)),
    });
    expect(done.status).toBe("completed");
    expect(done.output?.url).toMatch(/^https?:\/\//);
    expect(done._request_id).toMatch(/^req_/);
    expect(updates.map((g) => g.status)).toEqual(["queued", "in_progress", "completed"]);
    expect(updates[0]!.queue_position).toBeGreaterThanOrEqual(1);
    expect(updates[1]!.queue_position).toBeNull();
    // queued 2 s + in_progress 3 s + 2 s of video = 7 s of sandbox clock; each poll adds 1 s and
    // real time adds the rest, so at most 8 polls (fewer on a slow machine), at least one per status.
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.length).toBeLessThanOrEqual(8);
    expect((await clipia.account.retrieve()).balance_credits).toBe(980);
  });

  it("throws GenerationFailedError for sandbox:fail, with the generation, and refunds", async () => {
    const { clipia } = live();
    const error = await clipia
      .run("clipia-video-1", { input: { prompt: "sandbox:fail please" } }, fast)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationFailedError);
    const failed = (error as GenerationFailedError).generation;
    expect(failed.status).toBe("failed");
    expect(failed.error?.code).toBe("generation_failed");
    expect((await clipia.account.retrieve()).balance_credits).toBe(1000);
  });

  it("does not poll on a test key (the create answer is final)", async () => {
    const env = live();
    const clipia = env.client(env.sandbox.keys.test);
    const updates: string[] = [];
    const done = await clipia.run("clipia-image-1", { input: { prompt: "a cat" } }, { onUpdate: (g) => updates.push(g.status) });
    expect(done.status).toBe("completed");
    expect(updates).toEqual(["completed"]);
    expect(env.polls).toEqual([]);
  });
});

describe("generations.wait() on a live key", () => {
  it("throws GenerationCanceledError when the generation is canceled meanwhile", async () => {
    const { clipia } = live();
    const created = await clipia.generations.create("clipia-video-1", { input: { prompt: "x" } });
    const error = await clipia.generations
      .wait(created.id, { ...fast, onUpdate: (g) => void (g.status === "queued" && clipia.generations.cancel(g.id)) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationCanceledError);
    expect((error as GenerationCanceledError).generation.id).toBe(created.id);
  });

  it("times out on a sandbox:slow generation", async () => {
    const { clipia } = live();
    const created = await clipia.generations.create("clipia-video-1", { input: { prompt: "sandbox:slow" } });
    const error = await clipia.generations.wait(created.id, { pollInterval: 5, timeout: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
  });

  it("stops when its signal aborts", async () => {
    const { clipia, polls } = live();
    const created = await clipia.generations.create("clipia-video-1", { input: { prompt: "sandbox:slow" } });
    const controller = new AbortController();
    const error = await clipia.generations
      .wait(created.id, { pollInterval: 5, signal: controller.signal, onUpdate: () => setTimeout(() => controller.abort(), 30) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    const count = polls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(polls.length).toBe(count);
  });
});
