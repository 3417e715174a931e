// "A retry can never charge twice", proven against the sandbox's own idempotency store.
import { startSandboxServer } from "@clipia/sandbox/node";
import { APIConnectionError, Clipia, type Fetch } from "@clipia/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { inProcess } from "./sandbox-helpers.js";

const VIDEO = "clipia-video-1";
const CREATE_PATH = `/v1/models/${VIDEO}`;
const body = { input: { prompt: "a fox in the snow" } }; // 5 s x 10 credits = 50

afterEach(() => {
  vi.useRealTimers();
});

/** Fakes only timers (backoff), not Date: the sandbox clock keeps real time. */
async function withFastBackoff<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const outcome = work().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const result = await outcome;
  vi.useRealTimers();
  if ("error" in result) throw result.error;
  return result.value;
}

/** Records the Idempotency-Key and outcome of each attempt. */
function recorder() {
  const attempts: Array<{ key: string | null; status: number | "network" }> = [];
  const wrap = (inner: Fetch): Fetch => async (request) => {
    const key = request.headers.get("idempotency-key");
    try {
      const response = await inner(request);
      attempts.push({ key, status: response.status });
      return response;
    } catch (error) {
      attempts.push({ key, status: "network" });
      throw error;
    }
  };
  return { attempts, wrap };
}

async function ledger(clipia: Clipia) {
  const account = await clipia.account.retrieve();
  const page = await clipia.generations.list({ limit: 100 });
  return { balance: account.balance_credits, generations: page.data.length };
}

describe("retries against sandbox faults (in-process)", () => {
  it.each([
    ["a lost 500 response (phase after)", { status: 500, phase: "after" as const }, [500, 202]],
    ["a 503 before processing", { status: 503 }, [503, 202]],
    ["a connection failure before processing", { network_error: true }, ["network", 202]],
    ["a connection dropped after processing", { network_error: true, phase: "after" as const }, ["network", 202]],
    ["two lost responses in a row", { status: 503, phase: "after" as const, count: 2 }, [503, 503, 202]],
  ])("%s: one generation, one charge, one Idempotency-Key", async (_name, fault, statuses) => {
    const { sandbox, client, wrap } = inProcess();
    const { attempts, wrap: record } = recorder();
    wrap(record);
    const clipia = client(sandbox.keys.live);
    sandbox.injectFault({ method: "POST", path: CREATE_PATH, ...fault });

    const generation = await withFastBackoff(() => clipia.generations.create(VIDEO, body));

    expect(attempts.map((a) => a.status)).toEqual(statuses);
    expect(new Set(attempts.map((a) => a.key)).size).toBe(1);
    expect(attempts[0]!.key).toMatch(/^idem_/);
    expect(generation).toMatchObject({ status: "queued", cost_credits: 50 });
    expect(await ledger(clipia)).toEqual({ balance: 950, generations: 1 });
    expect((await clipia.generations.list()).data[0]!.id).toBe(generation.id);
  });

  it("never retries a 402: nothing created, nothing charged, one attempt", async () => {
    const { sandbox, client, wrap } = inProcess();
    const { attempts, wrap: record } = recorder();
    wrap(record);
    const poor = sandbox.createAccount({ balance_credits: 10 });
    const clipia = client(poor.keys.live);
    await expect(clipia.generations.create(VIDEO, body)).rejects.toMatchObject({ status: 402 });
    expect(attempts).toHaveLength(1);
    expect(await ledger(clipia)).toEqual({ balance: 10, generations: 0 });
  });

  it("gives up with APIConnectionError after maxRetries connection failures, having charged nothing", async () => {
    const { sandbox, client, wrap } = inProcess();
    const { attempts, wrap: record } = recorder();
    wrap(record);
    const clipia = client(sandbox.keys.live);
    sandbox.injectFault({ method: "POST", path: CREATE_PATH, network_error: true, count: 3 });
    await expect(withFastBackoff(() => clipia.generations.create(VIDEO, body))).rejects.toBeInstanceOf(APIConnectionError);
    expect(attempts).toHaveLength(3);
    expect(await ledger(clipia)).toEqual({ balance: 1000, generations: 0 });
  });

  it("retries 409 idempotency_request_in_progress until the first request finishes, then gets the replay", async () => {
    const { sandbox, client, wrap } = inProcess();
    const { attempts, wrap: record } = recorder();
    wrap(record);
    const clipia = client(sandbox.keys.live, { maxRetries: 8 });
    sandbox.injectFault({ method: "POST", path: CREATE_PATH, delay_ms: 150 });
    const first = clipia.generations.create(VIDEO, body, { idempotencyKey: "order-1" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = clipia.generations.create(VIDEO, body, { idempotencyKey: "order-1" });
    const [a, b] = await Promise.all([first, second]);
    expect(b.id).toBe(a.id);
    expect(attempts.some((x) => x.status === 409)).toBe(true);
    expect(await ledger(clipia)).toEqual({ balance: 950, generations: 1 });
  });
});

describe("retries against the Node server (a socket really dropped)", () => {
  it("a connection dropped after processing: one generation, one charge", async () => {
    const server = await startSandboxServer({ port: 0 });
    try {
      const clipia = new Clipia({ apiKey: server.sandbox.keys.live, baseUrl: server.url, logLevel: "off" });
      server.sandbox.injectFault({ method: "POST", path: CREATE_PATH, network_error: true, phase: "after" });
      const generation = await clipia.generations.create(VIDEO, body);
      expect(generation.cost_credits).toBe(50);
      expect(await ledger(clipia)).toEqual({ balance: 950, generations: 1 });
    } finally {
      await server.close();
    }
  });
});
