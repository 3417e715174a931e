import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectSandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSqlite } from "../../src/node/sqlite.js";

// The request log in the `--state` file: kept across a restart (the bound and the dropped count
// too), cleared by a reset, and a file written before the log existed (schema 2) still opens.

const sqlite = await loadSqlite();
let dir: string;
const running: SandboxServer[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "clipia-log-state-"));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

async function start(state: string): Promise<SandboxServer> {
  const server = await startSandboxServer({ port: 0, seed: 11, state });
  running.push(server);
  return server;
}

async function stop(server: SandboxServer): Promise<void> {
  running.splice(running.indexOf(server), 1);
  await server.close();
}

const get = (server: SandboxServer, path: string, key: string) =>
  fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });

describe("the request log and --state", () => {
  it("keeps every account's log across a restart, and a reset's clearing too", async () => {
    const path = join(dir, "state.db");
    const first = await start(path);
    const control = connectSandbox(first.url);
    const kept = await control.createAccount();
    const cleared = await control.createAccount();
    await get(first, "/v1/models/nope", kept.keys.test);
    // 1002 calls, 6 at a time: each one is a write of the state file, so one after another they
    // took over 10 s on a loaded machine.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let i = 0; i < 167; i++) await get(first, "/v1/account", kept.keys.test);
      }),
    );
    await get(first, "/v1/key", cleared.keys.live);
    await control.reset({ account_id: cleared.account.account_id });
    const before = await control.listLogs(kept.account.account_id, { limit: 1000 });
    expect([before.data.length, before.dropped]).toEqual([1000, 3]);
    await stop(first);

    const second = await start(path);
    const after = connectSandbox(second.url);
    expect(await after.listLogs(kept.account.account_id, { limit: 1000 })).toEqual(before);
    expect(await after.listLogs(cleared.account.account_id)).toEqual({ data: [], dropped: 0 });
    // Logging carries on after the restart: the newest first, the bound still holding.
    await get(second, "/v1/key", kept.keys.test);
    const next = await after.listLogs(kept.account.account_id, { limit: 1000 });
    expect([next.data[0]!.path, next.data.length, next.dropped]).toEqual(["/v1/key", 1000, 4]);
    expect(new Set(next.data.map((entry) => entry.id)).size).toBe(1000);
    await stop(second);

    const db = sqlite.open(path);
    try {
      const rows = db.prepare("SELECT count(*) AS n FROM logs").get() as { n: number };
      expect(rows.n).toBe(1000);
    } finally {
      db.close();
    }
  }, 60_000);

  it("opens a state file written before the request log (schema 2) and logs into it", async () => {
    const path = join(dir, "old.db");
    const first = await start(path);
    const { account, keys } = await connectSandbox(first.url).createAccount();
    await stop(first);
    // What a file of the previous release looks like: no logs table, user_version 2.
    const db = sqlite.open(path);
    db.exec("DROP TABLE logs");
    db.pragma("user_version = 2");
    db.close();

    const second = await start(path);
    const control = connectSandbox(second.url);
    expect(await control.listLogs(account.account_id)).toEqual({ data: [], dropped: 0 });
    await get(second, "/v1/account", keys.test);
    expect((await control.listLogs(account.account_id)).data.map((entry) => entry.status)).toEqual([200]);
    await stop(second);
    const third = await start(path);
    expect((await connectSandbox(third.url).listLogs(account.account_id)).data).toHaveLength(1);
  });
});
