import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, createKey, generate } from "./support.js";

/** The same scripted session against a sandbox; returns everything a client could observe but times. */
async function script(sandbox: Sandbox) {
  const seen: unknown[] = [sandbox.keys, sandbox.account, sandbox.webhookSecret];
  const key = await createKey(sandbox, { name: "k", environment: "live" });
  seen.push(key.id, key.secret);
  const gen = await generate(sandbox, sandbox.keys.live, "clipia-video-1", { prompt: "a", duration_seconds: 1 });
  const test = await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "b" });
  seen.push(gen.body.id, gen.headers.get("x-request-id"), test.body.id, test.body.output);
  const extra = sandbox.createAccount();
  seen.push(extra);
  const bad = await call(sandbox, { path: "/v1/nope", key: sandbox.keys.test });
  seen.push(bad.body.error.request_id);
  return seen;
}

describe("determinism", () => {
  it("same seed and same requests: same ids, keys, outputs and request ids", async () => {
    expect(await script(createSandbox({ seed: 7 }))).toEqual(await script(createSandbox({ seed: 7 })));
  });

  it("another seed: different ids and keys", async () => {
    const [a, b] = [await script(createSandbox({ seed: 7 })), await script(createSandbox({ seed: 8 }))];
    expect(a[0]).not.toEqual(b[0]);
    expect(a[3]).not.toEqual(b[3]);
  });

  it("the default seed is 42", () => {
    expect(createSandbox().keys).toEqual(createSandbox({ seed: 42 }).keys);
  });

  // SPEC §5: the default seed gives the default keys printed in the docs. They are pinned here so
  // a change to key or id derivation cannot silently break every copied snippet.
  it("the default seed's credentials are the documented ones", () => {
    const sandbox = createSandbox();
    expect(sandbox.keys).toEqual({
      admin: "clipia_admin_my0dmZUJ23qBLmB8ySdGTW9RpGZDm803tta0",
      live: "clipia_live_VfOS1lQGUzO9qwHelF03fcKmuWnH4d0H6JQw",
      test: "clipia_test_sGE3VUACPQiFlgQurNMrkwWefQD7G43ZkEjd",
      test_read_only: "clipia_test_3OYlmiObNbPbNaimdUnHgt6WwhZhee1UzOeE",
    });
    expect(sandbox.account).toEqual({ id: "acct_4cRePwibEgxnBTXR1zBFNoEU", name: "Sandbox Account", balance_credits: 1000 });
    expect(sandbox.webhookSecret).toBe("whsec_swxnvqwTMSpzNLTabH9YBP9iCQfPh0Q2");
  });
});

describe("snapshot, restore, onChange", () => {
  it("a restored snapshot keeps keys, balances, generations and the id sequence", async () => {
    const first = createSandbox();
    const key = await createKey(first, { credit_limit: 500 });
    const gen = await generate(first, key.secret, "clipia-image-1", { prompt: "x" });
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));

    const second = createSandbox({ seed: 99 });
    second.restore(snapshot);
    expect(second.keys).toEqual(first.keys);
    const account = await call(second, { path: "/v1/account", key: key.secret });
    expect([account.status, account.body.balance_credits, account.body.key.credits_used]).toEqual([200, 998, 2]);
    expect((await call(second, { path: `/v1/generations/${gen.body.id}`, key: key.secret })).status).toBe(200);
    const next = [await generate(first, key.secret, "clipia-image-1", { prompt: "y" }), await generate(second, key.secret, "clipia-image-1", { prompt: "y" })];
    expect(next[0]?.body.id).toBe(next[1]?.body.id);
  });

  it("the snapshot holds no secret except the default keys", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, {});
    const other = sandbox.createAccount();
    const text = JSON.stringify(sandbox.snapshot());
    for (const secret of [key.secret, ...Object.values(other.keys)]) expect(text).not.toContain(secret);
    expect(text).toContain(sandbox.keys.live);
  });

  it("onChange fires after a request that changed the store, not after a read-only failure", async () => {
    const sandbox = createSandbox();
    let changes = 0;
    const unsubscribe = sandbox.onChange(() => changes++);
    await call(sandbox, { path: "/v1/account" });
    expect(changes).toBe(0);
    await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "x" });
    expect(changes).toBe(1);
    sandbox.createAccount();
    expect(changes).toBe(2);
    unsubscribe();
    await generate(sandbox, sandbox.keys.test, "clipia-image-1", { prompt: "x" });
    expect(changes).toBe(2);
  });

  it("restore rejects something that is not a snapshot", () => {
    expect(() => createSandbox().restore({} as never)).toThrow(TypeError);
  });
});
