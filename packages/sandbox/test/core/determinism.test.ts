import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { MINTED_KEY, UUID_V4 } from "../support/wire.js";

// SPEC §5.1: the same seed and the same requests give the same keys and outputs; the default
// seed gives the keys printed in the docs (seed 42). Ids a client stores (request and delivery
// ids) are unique across runs unless `deterministic: true` makes them a function of the seed.

async function script(sandbox: Sandbox) {
  const submit = async (key: string, model: string) => {
    const response = await sandbox.fetch(`https://api.clipia.ai/v1/models/${model}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "same" } }),
    });
    return (await response.json()) as { request_id: string };
  };
  const extra = sandbox.createAccount({ balance_credits: 10 });
  const key = sandbox.createKey(extra.account.account_id, { name: "k", environment: "test" });
  const first = await submit(sandbox.keys.test, "nano-banana-2");
  const second = await submit(key.secret, "kling-3");
  const result = await (
    await sandbox.fetch(`https://api.clipia.ai/v1/requests/${second.request_id}`, {
      headers: { authorization: `Bearer ${key.secret}` },
    })
  ).json();
  return {
    keys: sandbox.keys,
    secret: sandbox.webhookSecret,
    account: sandbox.account.account_id,
    extra,
    key: { id: key.id, secret: key.secret },
    ids: [first.request_id, second.request_id],
    output: (result as { output: unknown }).output,
  };
}

// Webhooks go nowhere: only the delivery's id matters here.
const swallow = async () => new Response(null, { status: 204 });

/** A test-key submit with a webhook; the id of its delivery. */
async function hookedSubmit(sandbox: Sandbox): Promise<string | undefined> {
  await sandbox.fetch("https://api.clipia.ai/v1/models/nano-banana-2", {
    method: "POST",
    headers: { authorization: `Bearer ${sandbox.keys.test}`, "content-type": "application/json" },
    body: JSON.stringify({ input: { prompt: "hook" }, webhook_url: "http://127.0.0.1:9/hook" }),
  });
  return sandbox.webhookDeliveries({ account_id: sandbox.account.account_id })[0]?.id;
}

describe("determinism", () => {
  it("with deterministic: true, the same seed and the same requests give the same keys, ids and outputs", async () => {
    const [a, b] = [
      await script(createSandbox({ seed: 99, deterministic: true })),
      await script(createSandbox({ seed: 99, deterministic: true })),
    ];
    expect(a).toEqual(b);
    const c = await script(createSandbox({ seed: 100, deterministic: true }));
    expect(c.keys.live).not.toBe(a.keys.live);
    expect(c.ids).not.toEqual(a.ids);
  });

  it("by default, two fresh sandboxes of one seed give different request and delivery ids, the same keys and outputs", async () => {
    const runs = [createSandbox({ seed: 99, fetch: swallow }), createSandbox({ seed: 99, fetch: swallow })];
    const [a, b] = [await script(runs[0]!), await script(runs[1]!)];
    const { ids: idsA, ...restA } = a;
    const { ids: idsB, ...restB } = b;
    expect(restA).toEqual(restB);
    for (const id of [...idsA, ...idsB]) expect(id).toMatch(UUID_V4);
    expect(new Set([...idsA, ...idsB]).size).toBe(4);
    const deliveries = await Promise.all(runs.map((sandbox) => hookedSubmit(sandbox)));
    expect(deliveries[0]).toMatch(UUID_V4);
    expect(deliveries[0]).not.toBe(deliveries[1]);
  });

  it("a restored snapshot carries no id sequence into a non-deterministic sandbox", async () => {
    const first = createSandbox({ deterministic: true });
    const snapshot = first.snapshot();
    const restored = createSandbox();
    restored.restore(snapshot);
    expect((await script(restored)).ids).not.toEqual((await script(first)).ids);
  });

  it("the default seed is 42 and mints 32 base62 characters after the prefix", () => {
    const plain = createSandbox();
    expect(plain.keys).toEqual(createSandbox({ seed: 42 }).keys);
    expect(plain.keys.live).toMatch(/^clipia_live_/);
    expect(plain.keys.test).toMatch(/^clipia_test_/);
    expect(plain.keys.test_read_only).toMatch(/^clipia_test_/);
    for (const key of Object.values(plain.keys)) expect(key).toMatch(MINTED_KEY);
    expect(plain.webhookSecret).toMatch(/^whsec_/);
  });

  it("a string seed works like a number seed: stable", () => {
    expect(createSandbox({ seed: "ci" }).keys).toEqual(createSandbox({ seed: "ci" }).keys);
  });
});
