import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call } from "./support.js";

// Lists walk per-account, per-environment indexes from the cursor instead of sorting the store.
// These tests compare every page with a listing computed naively from the snapshot.

async function walk(sandbox: Sandbox, path: string, key: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const separator = path.includes("?") ? "&" : "?";
    const reply = await call(sandbox, { path: `${path}${after ? `${separator}after=${after}` : ""}`, key });
    expect(reply.status).toBe(200);
    ids.push(...reply.body.data.map((item: { id: string }) => item.id));
    if (!reply.body.has_more) {
      expect(reply.body.next_cursor).toBeNull();
      return ids;
    }
    after = reply.body.next_cursor;
  }
  throw new Error("pagination did not end");
}

async function populate() {
  const sandbox = createSandbox({ seed: "list-index" });
  const other = sandbox.createAccount({ balance_credits: 10_000 });
  const submit = (key: string, model: string, prompt: string) =>
    call(sandbox, { path: `/v1/models/${model}`, key, body: { input: { prompt } } });
  for (let i = 0; i < 60; i++) {
    // Interleaved across accounts, environments, models and outcomes.
    await submit(sandbox.keys.test, i % 2 ? "clipia-image-1" : "clipia-video-1-fast", i % 5 ? `p${i}` : `p${i} sandbox:fail`);
    await submit(other.keys.test, "clipia-image-1", `o${i}`);
    if (i % 3 === 0) await submit(sandbox.keys.live, "clipia-image-1", `l${i}`);
  }
  for (let i = 0; i < 25; i++) {
    await call(sandbox, { path: "/v1/keys", key: sandbox.keys.admin, body: { name: `k${i}`, environment: i % 2 ? "live" : "test" } });
  }
  return { sandbox, other };
}

function expectedGenerations(sandbox: Sandbox, accountId: string, environment: string, filter: (g: Record<string, unknown>) => boolean) {
  return sandbox
    .snapshot()
    .generations.filter((g) => g.account_id === accountId && g.environment === environment && filter(g as never))
    .sort((a, b) => b.seq - a.seq)
    .map((g) => g.id);
}

describe("list pages over the per-account indexes", () => {
  it("walk every generation newest first, per account and environment, with filters", async () => {
    const { sandbox, other } = await populate();
    const account = sandbox.account.id;
    expect(await walk(sandbox, "/v1/generations?limit=7", sandbox.keys.test)).toEqual(
      expectedGenerations(sandbox, account, "test", () => true),
    );
    expect(await walk(sandbox, "/v1/generations?limit=3&status=failed", sandbox.keys.test)).toEqual(
      expectedGenerations(sandbox, account, "test", (g) => g.status === "failed"),
    );
    expect(await walk(sandbox, "/v1/generations?limit=9&model=clipia-image-1", sandbox.keys.test)).toEqual(
      expectedGenerations(sandbox, account, "test", (g) => g.model === "clipia-image-1"),
    );
    expect(await walk(sandbox, "/v1/generations?limit=4", sandbox.keys.live)).toEqual(
      expectedGenerations(sandbox, account, "live", () => true),
    );
    expect(await walk(sandbox, "/v1/generations?limit=100", other.keys.test)).toEqual(
      expectedGenerations(sandbox, other.account.id, "test", () => true),
    );
  });

  it("walk every key newest first, admin keys left out, with filters", async () => {
    const { sandbox } = await populate();
    const expected = (environment?: string) =>
      sandbox
        .snapshot()
        .keys.filter((k) => k.account_id === sandbox.account.id && k.kind !== "admin" && (!environment || k.kind === environment))
        .sort((a, b) => b.seq - a.seq)
        .map((k) => k.id);
    expect(await walk(sandbox, "/v1/keys?limit=4", sandbox.keys.admin)).toEqual(expected());
    expect(await walk(sandbox, "/v1/keys?limit=5&environment=live", sandbox.keys.admin)).toEqual(expected("live"));
  });

  it("page the same after a snapshot is restored into another sandbox", async () => {
    const { sandbox } = await populate();
    const restored = createSandbox({ seed: "list-index" });
    restored.restore(sandbox.snapshot());
    for (const path of ["/v1/generations?limit=6", "/v1/generations?limit=5&status=completed"]) {
      expect(await walk(restored, path, sandbox.keys.test)).toEqual(await walk(sandbox, path, sandbox.keys.test));
    }
    expect(await walk(restored, "/v1/keys?limit=3", sandbox.keys.admin)).toEqual(await walk(sandbox, "/v1/keys?limit=3", sandbox.keys.admin));
  });
});
