import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxServerError, startSandboxServer } from "@clipia/sandbox/node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type CliIo, run } from "../../src/node/cli.js";
import { loadSqlite, type SqliteLoaders } from "../../src/node/sqlite.js";

// Which SQLite `--state` uses (node/sqlite.ts): node:sqlite first, better-sqlite3 where installed,
// CLIPIA_SANDBOX_SQLITE to force one, one line saying what to install when there is neither. The
// loaders are injected to simulate machines this one is not; the durability suite runs the real ones.

const notInstalled = () =>
  Promise.reject(Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code: "ERR_MODULE_NOT_FOUND" }));
const fakeNode = { DatabaseSync: class {} } as unknown as ReturnType<SqliteLoaders["nodeSqlite"]>;
const fakeBetter = (() => class {}) as unknown as SqliteLoaders["betterSqlite3"];
const loaders = (node: boolean, better: boolean): SqliteLoaders => ({
  nodeSqlite: () => (node ? fakeNode : undefined),
  betterSqlite3: better ? fakeBetter : notInstalled,
});

async function failure(promise: Promise<unknown>): Promise<SandboxServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SandboxServerError);
  return error as SandboxServerError;
}

// Auto unless a test sets it (the CI also runs the suite with CLIPIA_SANDBOX_SQLITE set).
beforeEach(() => {
  vi.stubEnv("CLIPIA_SANDBOX_SQLITE", undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("loadSqlite: the backend of --state", () => {
  it("with neither node:sqlite nor better-sqlite3: one line saying what to install (state_unavailable)", async () => {
    const error = await failure(loadSqlite(undefined, loaders(false, false)));
    expect(error.code).toBe("state_unavailable");
    expect(error.message).toBe(
      "--state needs SQLite: run on Node 22.13+ (built-in node:sqlite) or `npm install better-sqlite3`.",
    );
  });

  it("names an installed better-sqlite3 that does not load, still on one line", async () => {
    const broken: SqliteLoaders = {
      nodeSqlite: () => undefined,
      betterSqlite3: () =>
        Promise.reject(
          new Error("The module was compiled against NODE_MODULE_VERSION 115.\nThis version requires 127."),
        ),
    };
    const error = await failure(loadSqlite(undefined, broken));
    expect(error.message).toBe(
      "--state needs SQLite: run on Node 22.13+ (built-in node:sqlite) or `npm install better-sqlite3` (better-sqlite3 is installed but did not load: The module was compiled against NODE_MODULE_VERSION 115).",
    );
  });

  it.each([
    [true, true, "node:sqlite"],
    [true, false, "node:sqlite"],
    [false, true, "better-sqlite3"],
  ] as const)("node:sqlite %s, better-sqlite3 %s: picks %s", async (node, better, picked) => {
    expect((await loadSqlite(undefined, loaders(node, better))).name).toBe(picked);
    expect((await loadSqlite("", loaders(node, better))).name).toBe(picked);
    expect((await loadSqlite(" ", loaders(node, better))).name).toBe(picked);
  });

  it("CLIPIA_SANDBOX_SQLITE forces one, and says so when it is missing", async () => {
    expect((await loadSqlite("better-sqlite3", loaders(true, true))).name).toBe("better-sqlite3");
    expect((await loadSqlite("node", loaders(true, true))).name).toBe("node:sqlite");
    const noNode = await failure(loadSqlite("node", loaders(false, true)));
    expect(noNode.code).toBe("state_unavailable");
    expect(noNode.message).toBe(
      `CLIPIA_SANDBOX_SQLITE=node, but this Node (${process.version}) has no built-in node:sqlite: run on Node 22.13+ or unset CLIPIA_SANDBOX_SQLITE.`,
    );
    const noBetter = await failure(loadSqlite("better-sqlite3", loaders(true, false)));
    expect(noBetter.message).toBe(
      "CLIPIA_SANDBOX_SQLITE=better-sqlite3, but better-sqlite3 did not load (Cannot find package 'better-sqlite3'): `npm install better-sqlite3` or unset CLIPIA_SANDBOX_SQLITE.",
    );
    const typo = await failure(loadSqlite("sqlite3", loaders(true, true)));
    expect(typo.message).toBe('CLIPIA_SANDBOX_SQLITE must be node or better-sqlite3 (or unset), not "sqlite3".');
  });

  it("reads CLIPIA_SANDBOX_SQLITE from the environment by default", async () => {
    vi.stubEnv("CLIPIA_SANDBOX_SQLITE", "better-sqlite3");
    expect((await loadSqlite(undefined, loaders(true, true))).name).toBe("better-sqlite3");
    vi.stubEnv("CLIPIA_SANDBOX_SQLITE", "node");
    expect((await loadSqlite(undefined, loaders(true, true))).name).toBe("node:sqlite");
  });
});

describe("SQLite is loaded for --state only", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("a server without --state never asks for node:sqlite; one with it does", async () => {
    const getBuiltinModule = vi.spyOn(process as { getBuiltinModule: (id: string) => unknown }, "getBuiltinModule");
    const sqliteLoads = () => getBuiltinModule.mock.calls.filter(([id]) => String(id).includes("sqlite")).length;
    const plain = await startSandboxServer({ port: 0 });
    await plain.close();
    expect(sqliteLoads()).toBe(0);
    dir = await mkdtemp(join(tmpdir(), "clipia-sqlite-"));
    // Forced to node:sqlite so the load is asked for on every Node (where it is absent, the start fails).
    vi.stubEnv("CLIPIA_SANDBOX_SQLITE", "node");
    await startSandboxServer({ port: 0, state: join(dir, "state.db") }).then(
      (server) => server.close(),
      () => undefined,
    );
    expect(sqliteLoads()).toBe(1);
  });

  it("the CLI prints the start error on one line and exits 1, like the other start errors", async () => {
    vi.stubEnv("CLIPIA_SANDBOX_SQLITE", "sqlite3");
    let err = "";
    const io: CliIo = {
      env: {},
      stdout: { write: () => undefined },
      stderr: { write: (text: string) => (err += text) },
      untilStopped: () => Promise.resolve(),
    };
    dir = await mkdtemp(join(tmpdir(), "clipia-sqlite-"));
    expect(await run(["--port", "0", "--state", join(dir, "state.db")], io)).toBe(1);
    expect(err).toBe(
      'clipia-sandbox: CLIPIA_SANDBOX_SQLITE must be node or better-sqlite3 (or unset), not "sqlite3".\n',
    );
  });
});
