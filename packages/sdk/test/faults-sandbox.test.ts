// The SDK under every fault the sandbox can inject, on each path it retries: exactly one charge
// per run(), exactly one object per create, and a non-retryable error is sent exactly once.
import type { FaultInput, Sandbox } from "@clipia/sandbox";
import type { Clipia, Fetch } from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { inProcess } from "./sandbox-helpers.js";

const IMAGE = "clipia-image-1"; // 2 credits
const CREATE = `/v1/models/${IMAGE}`;
const body = { input: { prompt: "a lighthouse" } };

/** Counts requests per "METHOD path" and moves the sandbox clock on every poll, so run() ends quickly. */
function setup() {
  const { sandbox, client, wrap } = inProcess();
  const sent: string[] = [];
  wrap((inner: Fetch): Fetch => async (request) => {
    const path = new URL(request.url).pathname;
    sent.push(`${request.method} ${path}`);
    if (request.method === "GET" && path.startsWith("/v1/generations/")) sandbox.advanceClock(4_000);
    return inner(request);
  });
  const count = (method: string, pathStart: string) => sent.filter((s) => s.startsWith(`${method} ${pathStart}`)).length;
  return { sandbox, client, sent, count };
}

async function ledger(sandbox: Sandbox, clipia: Clipia) {
  const account = await clipia.account.retrieve();
  const page = await clipia.generations.list({ limit: 100 });
  return { balance: account.balance_credits, generations: page.data.length, default: sandbox.account.balance_credits };
}

// Retry-After: 0 keeps the retries immediate (the SDK honours it).
const RETRYABLE: Array<[string, Omit<FaultInput, "method" | "path">]> = [
  ["429", { status: 429, retry_after: 0 }],
  ["500", { status: 500, retry_after: 0 }],
  ["503", { status: 503, retry_after: 0 }],
  ["500 after processing (a lost response)", { status: 500, phase: "after", retry_after: 0 }],
  ["503 after processing, twice", { status: 503, phase: "after", retry_after: 0, count: 2 }],
  ["a dropped connection before processing", { network_error: true }],
  ["a dropped connection after processing", { network_error: true, phase: "after" }],
];

describe("run() with faults on the create and on the polls", () => {
  it.each(RETRYABLE)("%s: completed, one generation, one charge", async (_name, fault) => {
    const { sandbox, client, count } = setup();
    const clipia = client(sandbox.keys.live, { maxRetries: 3 });
    sandbox.injectFault({ method: "POST", path: CREATE, ...fault });
    sandbox.injectFault({ method: "GET", path: "/v1/generations/*", ...fault });

    const generation = await clipia.run(IMAGE, body, { pollInterval: 1, timeout: 10_000 });

    expect(generation.status).toBe("completed");
    expect(count("POST", CREATE)).toBe(1 + (fault.count ?? 1));
    expect(await ledger(sandbox, clipia)).toMatchObject({ balance: 998, generations: 1 });
  });
});

describe("creates under faults: one object each", () => {
  it.each(RETRYABLE)("keys.create, %s: one key", async (_name, fault) => {
    const { sandbox, client, count } = setup();
    const admin = client(sandbox.keys.admin, { maxRetries: 3 });
    const before = (await admin.keys.list({ limit: 100 })).data.length;
    sandbox.injectFault({ method: "POST", path: "/v1/keys", ...fault });

    const key = await admin.keys.create({ name: "ci", environment: "live" });

    expect(key.secret).toMatch(/^clipia_live_/);
    expect(count("POST", "/v1/keys")).toBe(1 + (fault.count ?? 1));
    const after = (await admin.keys.list({ limit: 100 })).data;
    expect(after).toHaveLength(before + 1);
    // The replayed secret is the one that works.
    expect((await client(key.secret).account.retrieve()).key.id).toBe(key.id);
  });

  it.each(RETRYABLE)("keys.roll, %s: one new key", async (_name, fault) => {
    const { sandbox, client } = setup();
    const admin = client(sandbox.keys.admin, { maxRetries: 3 });
    const old = await admin.keys.create({ name: "to roll", environment: "test" });
    const before = (await admin.keys.list({ limit: 100 })).data.length;
    sandbox.injectFault({ method: "POST", path: `/v1/keys/${old.id}/roll`, ...fault });

    const rolled = await admin.keys.roll(old.id, { expire_current_in_seconds: 60 });

    expect(rolled.rolled_from).toBe(old.id);
    const keys = (await admin.keys.list({ limit: 100 })).data;
    expect(keys).toHaveLength(before + 1);
    expect(keys.filter((k) => k.rolled_from === old.id)).toHaveLength(1);
  });
});

describe("non-retryable errors are sent exactly once", () => {
  it.each<[string, (s: Sandbox, c: ReturnType<typeof setup>["client"]) => Promise<unknown>, number, string, string]>([
    ["400 invalid input", (s, c) => c(s.keys.live).generations.create(IMAGE, { input: {} }), 400, "POST", CREATE],
    ["402 insufficient credits", (s, c) => c(s.createAccount({ balance_credits: 1 }).keys.live).generations.create(IMAGE, body), 402, "POST", CREATE],
    ["403 insufficient scope", (s, c) => c(s.keys.test_read_only).generations.create(IMAGE, body), 403, "POST", CREATE],
    ["403 admin key required", (s, c) => c(s.keys.live).keys.list(), 403, "GET", "/v1/keys"],
    ["404 unknown model", (s, c) => c(s.keys.live).generations.create("no-such-model", body), 404, "POST", "/v1/models/no-such-model"],
    ["404 unknown generation", (s, c) => c(s.keys.live).generations.retrieve("gen_nope"), 404, "GET", "/v1/generations/gen_nope"],
    [
      "409 idempotency_key_reused",
      async (s, c) => {
        await c(s.keys.live).generations.create(IMAGE, body, { idempotencyKey: "once" });
        return c(s.keys.live).generations.create(IMAGE, { input: { prompt: "other" } }, { idempotencyKey: "once" });
      },
      409,
      "POST",
      CREATE,
    ],
    [
      "409 key_revoked on roll",
      async (s, c) => {
        const admin = c(s.keys.admin);
        const key = await admin.keys.create({ name: "gone", environment: "live" });
        await admin.keys.revoke(key.id);
        return admin.keys.roll(key.id);
      },
      409,
      "POST",
      "/v1/keys/key_",
    ],
    [
      "409 generation_not_cancelable",
      async (s, c) => {
        const generation = await c(s.keys.test).generations.create(IMAGE, body);
        return c(s.keys.test).generations.cancel(generation.id);
      },
      409,
      "POST",
      "/v1/generations/",
    ],
  ])("%s", async (name, act, status, method, path) => {
    const { sandbox, client, count } = setup();
    const before = count(method, path);
    const retrying = (key: string) => client(key, { maxRetries: 5 });
    await expect(act(sandbox, retrying)).rejects.toMatchObject({ status });
    // The setup step (if any) made one request on the same path; the failing call made one more.
    const setupCalls = name.startsWith("409 idempotency") ? 1 : 0;
    expect(count(method, path) - before - setupCalls).toBe(1);
  });
});
