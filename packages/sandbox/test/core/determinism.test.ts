import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { MINTED_KEY } from "../support/wire.js";

// SPEC §5.1: the same seed and the same requests give the same keys, ids and outputs; the
// default seed gives the keys printed in the docs (seed 42).

async function script(sandbox: Sandbox) {
  const submit = async (key: string, model: string) => {
    const response = await sandbox.fetch("https://api.clipia.ai/v1/models/" + model, {
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
  const result = await (await sandbox.fetch(`https://api.clipia.ai/v1/requests/${second.request_id}`, { headers: { authorization: `Bearer ${key.secret}` } })).json();
  return { keys: sandbox.keys, secret: sandbox.webhookSecret, account: sandbox.account.account_id, extra, key: { id: key.id, secret: key.secret }, ids: [first.request_id, second.request_id], output: (result as { output: unknown }).output };
}

describe("determinism", () => {
  it("the same seed and the same requests give the same keys, ids and outputs", async () => {
    const [a, b] = [await script(createSandbox({ seed: 99 })), await script(createSandbox({ seed: 99 }))];
    expect(a).toEqual(b);
    const c = await script(createSandbox({ seed: 100 }));
    expect(c.keys.live).not.toBe(a.keys.live);
    expect(c.ids).not.toEqual(a.ids);
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
