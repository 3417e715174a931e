import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSqlite } from "../../src/node/sqlite.js";
import { runCount } from "../support/run-size.js";
import { ensureBuilt, type ReadyLine, type RunningCli, startJson } from "../cli/run-cli.js";

// SPEC §5.1 with --state: no acknowledged write is lost and no id or secret is issued twice, even
// when the process is killed (SIGKILL) at a random moment under concurrent writes. Ten rounds on
// one file with CI=true (four in a plain local run: support/run-size.ts); every 2xx answer of
// every round must still be there after each restart.

// The server runs on this process's Node with its environment, so it picks the same SQLite.
const { name: backend } = await loadSqlite();

const ROUNDS = runCount(10, 4, process.env.KILL9_ROUNDS);
const WORKERS = 8;

interface Acked {
  accounts: Set<string>;
  keys: Map<string, string>; // key id → secret
  requests: Set<string>;
  issued: string[]; // every id and secret handed out, in order
}

let dir: string;
beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), "clipia-kill9-"));
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const json = { "content-type": "application/json" };

async function post(url: string, body: unknown, key?: string): Promise<Record<string, any> | null> {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...json, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return response.ok ? (JSON.parse(text) as Record<string, any>) : null;
}

/** One worker: writes until the server goes away, recording only what was acknowledged. */
async function worker(ready: ReadyLine, acked: Acked, n: number): Promise<void> {
  const base = ready.url;
  const accountId = ready.account.account_id;
  for (let i = 0; ; i++) {
    try {
      const kind = (i + n) % 3;
      if (kind === 0) {
        const made = await post(`${base}/_sandbox/accounts`, { balance_credits: 100 });
        if (!made) continue;
        acked.accounts.add(made.account.account_id);
        acked.issued.push(
          made.account.account_id,
          made.keys.live,
          made.keys.test,
          made.keys.test_read_only,
          made.webhook_secret,
        );
      } else if (kind === 1) {
        const key = await post(`${base}/_sandbox/accounts/${accountId}/keys`, {
          name: `w${n}-${i}`,
          environment: "live",
        });
        if (!key) continue;
        acked.keys.set(key.id, key.secret);
        acked.issued.push(key.id, key.secret);
      } else {
        const submitted = await post(`${base}/v1/models/nano-banana-2`, { input: { prompt: "kill" } }, ready.keys.test);
        if (!submitted) continue;
        acked.requests.add(submitted.request_id);
        acked.issued.push(submitted.request_id);
      }
    } catch {
      return; // the server was killed
    }
  }
}

async function verify(ready: ReadyLine, acked: Acked): Promise<void> {
  const base = ready.url;
  const accountId = ready.account.account_id;
  const accounts = (await (await fetch(`${base}/_sandbox/accounts`)).json()) as { data: Array<{ account_id: string }> };
  const present = new Set(accounts.data.map((a) => a.account_id));
  expect([...acked.accounts].filter((id) => !present.has(id))).toEqual([]);
  const keys = (await (await fetch(`${base}/_sandbox/accounts/${accountId}/keys`)).json()) as {
    data: Array<{ id: string }>;
  };
  const keyIds = new Set(keys.data.map((k) => k.id));
  expect([...acked.keys.keys()].filter((id) => !keyIds.has(id))).toEqual([]);
  // The secret still opens its own key (a rolled-back counter would have handed it to another).
  const sample = [...acked.keys.entries()].slice(-5);
  for (const [, secret] of sample) {
    const response = await fetch(`${base}/v1/key`, { headers: { authorization: `Bearer ${secret}` } });
    expect(response.status).toBe(200);
  }
  const requests = (await (await fetch(`${base}/_sandbox/accounts/${accountId}/requests`)).json()) as {
    data: Array<{ request_id: string }>;
  };
  const requestIds = new Set(requests.data.map((r) => r.request_id));
  expect([...acked.requests].filter((id) => !requestIds.has(id))).toEqual([]);
  expect(new Set(acked.issued).size).toBe(acked.issued.length);
}

describe(`--state under kill -9 (${backend})`, () => {
  it(`loses no acknowledged write and issues no id twice over ${ROUNDS} killed rounds`, async () => {
    const state = join(dir, "state.db");
    const acked: Acked = { accounts: new Set(), keys: new Map(), requests: new Set(), issued: [] };
    let writes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { cli, ready } = await startJson(["--state", state, "--seed", "11"]);
      await verify(ready, acked);
      const before = acked.issued.length;
      const load = Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(ready, acked, n)));
      await new Promise((resolve) => setTimeout(resolve, 40 + Math.floor(Math.random() * 160)));
      (cli as RunningCli).child.kill("SIGKILL");
      await cli.exited;
      await load;
      writes += acked.issued.length - before;
      // A crash leaves the database and its write-ahead log, nothing else.
      expect((await readdir(dir)).filter((name) => !name.startsWith("state.db"))).toEqual([]);
    }
    const { cli, ready } = await startJson(["--state", state, "--seed", "11"]);
    try {
      await verify(ready, acked);
    } finally {
      await cli.stop();
    }
    expect(writes).toBeGreaterThan(ROUNDS * 2);
  }, 60_000);
});
