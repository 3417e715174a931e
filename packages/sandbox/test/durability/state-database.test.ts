import { chmod, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxServerError, startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSqlite } from "../../src/node/sqlite.js";

// The `--state` database in process: every change survives a restart (the journal marks every
// mutation: a missed one shows as a snapshot that differs after reopening), one server per file,
// problems surface at start, and the file reads with any SQLite tool. On the SQLite the running
// Node picks (CLIPIA_SANDBOX_SQLITE forces one; scripts/durability-node22.sh runs node:sqlite), which
// also opens the files the tests read or break by hand.

const sqlite = await loadSqlite();
const openRaw = (path: string) => sqlite.open(path);

let dir: string;
const running: SandboxServer[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "clipia-state-"));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

async function start(state: string, seed = 7): Promise<SandboxServer> {
  const server = await startSandboxServer({ port: 0, seed, state });
  running.push(server);
  return server;
}

async function call(
  server: SandboxServer,
  method: string,
  path: string,
  body?: unknown,
  key?: string,
  extra: Record<string, string> = {},
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

/** Touches every kind of record and every in-place mutation the engine has. */
async function workload(server: SandboxServer): Promise<void> {
  const a = (await call(server, "POST", "/_sandbox/accounts", { balance_credits: 5000 })).body;
  const id = a.account.account_id as string;
  const live = a.keys.live as string;
  const key = (
    await call(server, "POST", `/_sandbox/accounts/${id}/keys`, { name: "w", environment: "live", credit_limit: 900 })
  ).body;
  await call(server, "PATCH", `/_sandbox/keys/${key.id}`, {
    name: "renamed",
    rate_limit: { requests: 50, interval: "1m" },
  });
  const doomed = (await call(server, "POST", `/_sandbox/accounts/${id}/keys`, { name: "doomed", environment: "test" }))
    .body;
  await call(server, "DELETE", `/_sandbox/keys/${doomed.id}`);
  const submit = (k: string, extra: Record<string, string> = {}) =>
    call(
      server,
      "POST",
      "/v1/models/nano-banana-2",
      { input: { prompt: "p" }, webhook_url: "http://127.0.0.1:9/hook" },
      k,
      extra,
    );
  await submit(live, { "idempotency-key": "once" });
  await submit(live, { "idempotency-key": "once" });
  await submit(key.secret as string);
  const toCancel = (await submit(live)).body.request_id as string;
  await call(server, "POST", `/_sandbox/requests/${toCancel}/cancel`);
  await call(server, "POST", "/_sandbox/outcomes", { outcome: "FAILED", account_id: id });
  await submit(live);
  // Chat completions (SPEC v3 §2.2): a charged live one, a streamed test one.
  const chat = { model: "claude-opus-4-8", messages: [{ role: "user", content: "hi" }] };
  await call(server, "POST", "/v1/chat/completions", chat, live);
  const streamed = await fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${a.keys.test}` },
    body: JSON.stringify({ ...chat, stream: true }),
  });
  expect(await streamed.text()).toMatch(/data: \[DONE\]\n\n$/);
  await call(server, "POST", "/_sandbox/faults", { status: 503, count: 2, account_id: id });
  await call(server, "GET", "/v1/account", undefined, live);
  await call(server, "POST", "/_sandbox/clock/advance", { ms: 200_000, account_id: id });
  await call(server, "GET", "/v1/account", undefined, live);
  await call(server, "POST", `/_sandbox/accounts/${id}/webhook-secret/rotate`);
  // A second account, reset after use: its rows are deleted.
  const b = (await call(server, "POST", "/_sandbox/accounts", {})).body;
  await submit(b.keys.live as string);
  await call(
    server,
    "POST",
    "/v1/chat/completions",
    { model: "gpt-5.5", messages: [{ role: "user", content: "gone" }] },
    b.keys.live as string,
  );
  await call(server, "POST", "/_sandbox/reset", { account_id: b.account.account_id });
  await call(server, "GET", `/_sandbox/webhooks?account_id=${id}`);
  // After the last submit: without a plan the live key's submits would be refused.
  await call(server, "PATCH", `/_sandbox/accounts/${id}`, { subscription: "none", strict_inputs: true });
  // Last, so no later use of the key writes it anyway.
  await call(server, "PATCH", `/_sandbox/keys/${key.id}`, { disabled: true });
}

describe(`the --state database (${sqlite.name})`, () => {
  it("holds every change: a restart gives back the same snapshot", async () => {
    const path = join(dir, "state.db");
    const first = await start(path);
    await workload(first);
    const before = first.sandbox.snapshot();
    await first.close();
    const second = await start(path);
    expect(second.sandbox.snapshot()).toEqual(before);
  });

  it("keeps chat completions across a restart: /v1/generation still answers; a reset account's are gone", async () => {
    const path = join(dir, "state.db");
    const first = await start(path);
    await workload(first);
    const chats = first.sandbox.snapshot().chats as Array<{ id: string; environment: string; account_id: string }>;
    // The workload's live and test completions; the reset account's one was deleted.
    expect(chats.map((chat) => chat.environment).sort()).toEqual(["live", "test"]);
    const created = (await call(first, "POST", "/_sandbox/accounts", { balance_credits: 50 })).body;
    const answer = (
      await call(
        first,
        "POST",
        "/v1/chat/completions",
        { model: "claude-opus-4-8", messages: [{ role: "user", content: "remember me" }] },
        created.keys.live as string,
      )
    ).body;
    await first.close();
    running.length = 0;

    const second = await start(path);
    const lookup = await call(second, "GET", `/v1/generation?id=${answer.id}`, undefined, created.keys.live as string);
    expect(lookup.status).toBe(200);
    expect(lookup.body.data).toMatchObject({ id: answer.id, tokens_prompt: answer.usage.prompt_tokens });
    await second.close();
    running.length = 0;
    const db = openRaw(path);
    try {
      expect((db.prepare("SELECT count(*) AS n FROM chats").get() as { n: number }).n).toBe(3);
    } finally {
      db.close();
    }
  });

  it("keeps an account's settings across a restart: still no plan, still 402 subscription_required", async () => {
    const path = join(dir, "state.db");
    const first = await start(path);
    const created = (await call(first, "POST", "/_sandbox/accounts", { balance_credits: 50 })).body;
    const id = created.account.account_id as string;
    const patched = await call(first, "PATCH", `/_sandbox/accounts/${id}`, {
      subscription: "none",
      strict_inputs: true,
    });
    expect(patched.body).toMatchObject({ subscription: "none", strict_inputs: true });
    await first.close();
    running.length = 0;

    const second = await start(path);
    const listed = (await call(second, "GET", "/_sandbox/accounts")).body.data.find(
      (account: { account_id: string }) => account.account_id === id,
    );
    expect(listed).toMatchObject({ subscription: "none", strict_inputs: true, balance: { credits: 50 } });
    const submit = await call(
      second,
      "POST",
      "/v1/models/nano-banana-2",
      { input: { prompt: "p" } },
      created.keys.live,
    );
    expect(submit.status).toBe(402);
    expect(submit.body.error.code).toBe("subscription_required");
    // The initial values persist too: a reset after the restart restores the creation-time plan.
    await call(second, "POST", "/_sandbox/reset", { account_id: id });
    const reset = (await call(second, "GET", "/_sandbox/accounts")).body.data.find(
      (account: { account_id: string }) => account.account_id === id,
    );
    expect(reset).toMatchObject({ subscription: "active", strict_inputs: false });
  });

  it("opens a file written before account settings existed: every account reads as active, not strict", async () => {
    const path = join(dir, "state.db");
    const first = await start(path);
    const created = (await call(first, "POST", "/_sandbox/accounts", {})).body;
    await first.close();
    running.length = 0;
    // What an older version wrote: the account rows carry neither setting, at the top or in `initial`.
    const db = openRaw(path);
    db.exec(
      "UPDATE accounts SET data = json_remove(data, '$.subscription', '$.strict_inputs', '$.initial.subscription', '$.initial.strict_inputs')",
    );
    const left = db.prepare("SELECT count(*) AS n FROM accounts WHERE data LIKE '%subscription%'").get() as {
      n: number;
    };
    db.close();
    expect(left.n).toBe(0);

    const second = await start(path);
    const accounts = (await call(second, "GET", "/_sandbox/accounts")).body.data as Array<Record<string, unknown>>;
    expect(accounts.length).toBe(2);
    for (const account of accounts) expect(account).toMatchObject({ subscription: "active", strict_inputs: false });
    const submit = await call(
      second,
      "POST",
      "/v1/models/nano-banana-2",
      { input: { prompt: "p" } },
      created.keys.live,
    );
    expect(submit.status).toBe(200);
    await call(second, "POST", "/_sandbox/reset", { account_id: created.account.account_id });
    const reset = (await call(second, "GET", "/_sandbox/accounts")).body.data.find(
      (account: { account_id: string }) => account.account_id === created.account.account_id,
    );
    expect(reset).toMatchObject({ subscription: "active", strict_inputs: false });
  });

  it("a restored or fully reset store is rewritten whole", async () => {
    const path = join(dir, "state.db");
    const first = await start(path);
    await workload(first);
    await call(first, "POST", "/_sandbox/reset", { all: true });
    const before = first.sandbox.snapshot();
    await first.close();
    expect((await start(path)).sandbox.snapshot()).toEqual(before);
  });

  it("refuses a second server on the same file, with a clear message", async () => {
    const path = join(dir, "state.db");
    await start(path);
    const error = await startSandboxServer({ port: 0, state: path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxServerError);
    expect((error as SandboxServerError).code).toBe("state_locked");
    expect((error as Error).message).toMatch(/in use by another sandbox server/);
  });

  it.each([
    ["a directory that does not exist", (d: string) => join(d, "missing", "state.db")],
    ["a path under a regular file", (d: string) => join(d, "file.txt", "state.db")],
  ])("fails at start on %s (state_unwritable)", async (_, pathOf) => {
    await writeFile(join(dir, "file.txt"), "x");
    const error = await startSandboxServer({ port: 0, state: pathOf(dir) }).catch((e: unknown) => e);
    expect((error as SandboxServerError).code).toBe("state_unwritable");
  });

  it.skipIf(process.getuid?.() === 0)(
    "fails at start in a read-only directory (skipped as root, whom file modes do not stop)",
    async () => {
      const { chmod } = await import("node:fs/promises");
      await chmod(dir, 0o500);
      const error = await startSandboxServer({ port: 0, state: join(dir, "state.db") }).catch((e: unknown) => e);
      await chmod(dir, 0o700);
      expect((error as SandboxServerError).code).toBe("state_unwritable");
    },
  );

  it("opens with any SQLite tool: versioned schema, one row per record, JSON in `data`", async () => {
    const path = join(dir, "state.db");
    const server = await start(path);
    await workload(server);
    const requests = server.sandbox.snapshot().requests as unknown[];
    await server.close();
    const db = openRaw(path);
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(3);
      const names = (
        db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>
      ).map((r) => r.name);
      expect(names).toEqual(["accounts", "chats", "deliveries", "idempotency", "keys", "logs", "meta", "requests"]);
      expect((db.prepare("SELECT count(*) AS n FROM requests").get() as { n: number }).n).toBe(requests.length);
      const row = db
        .prepare("SELECT status, json_extract(data, '$.status') AS inner FROM requests WHERE status = 'CANCELED'")
        .get() as { inner: string };
      expect(row.inner).toBe("CANCELED");
    } finally {
      db.close();
    }
    expect((await readdir(dir)).sort()).toEqual(["state.db"]);
  });

  it("refuses a database of another application, and one written by a newer version, leaving it untouched", async () => {
    const other = join(dir, "other.db");
    const db = openRaw(other);
    db.exec("CREATE TABLE t (x)");
    db.close();
    expect(((await startSandboxServer({ port: 0, state: other }).catch((e: unknown) => e)) as Error).message).toMatch(
      /another application/,
    );
    const newer = join(dir, "newer.db");
    await (await start(newer)).close();
    running.length = 0;
    const raw = openRaw(newer);
    raw.pragma("user_version = 99");
    raw.close();
    expect(((await startSandboxServer({ port: 0, state: newer }).catch((e: unknown) => e)) as Error).message).toMatch(
      /newer @clipia\/sandbox/,
    );
  });

  it("imports a JSON state file of the previous version, keeping it as <file>.bak", async () => {
    const source = await startSandboxServer({ port: 0, seed: 9 });
    running.push(source);
    await workload(source);
    const snapshot = source.sandbox.snapshot();
    const path = join(dir, "state.json");
    await writeFile(path, JSON.stringify(snapshot));
    const server = await start(path, 9);
    expect(server.sandbox.snapshot()).toEqual(snapshot);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(["state.json", "state.json.bak"]));
  });

  it.skipIf(process.platform === "win32")(
    "creates the database and its -wal owner-only (0600), and tightens an existing 0644 file",
    async () => {
      const mode = async (file: string) => (await stat(file)).mode & 0o777;
      const path = join(dir, "state.db");
      const server = await start(path);
      await workload(server);
      expect(await mode(path)).toBe(0o600);
      expect(await mode(`${path}-wal`)).toBe(0o600);
      await server.close();
      running.length = 0;
      expect(await mode(path)).toBe(0o600);
      await chmod(path, 0o644);
      await (await start(path)).close();
      expect(await mode(path)).toBe(0o600);
    },
  );

  it("refuses a damaged database at start, naming the file, and leaves it untouched", async () => {
    const path = join(dir, "state.db");
    const server = await start(path);
    await workload(server);
    await server.close();
    running.length = 0;
    // Break an index page: the tables still read whole, so only an integrity check sees it.
    const db = openRaw(path);
    const root = (
      db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'keys_by_account'").get() as { rootpage: number }
    ).rootpage;
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    db.close();
    const file = await open(path, "r+");
    await file.write(Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
    await file.close();
    const damaged = await readFile(path);
    const error = await startSandboxServer({ port: 0, state: path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxServerError);
    expect((error as SandboxServerError).code).toBe("state_corrupt");
    expect((error as Error).message).toContain(`State file ${path} is damaged`);
    expect(await readFile(path)).toEqual(damaged);
  });
});
