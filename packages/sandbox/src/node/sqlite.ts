import { SandboxServerError } from "./errors.js";

// The SQLite behind `--state`, and only there: loaded when a state file is opened, never at import.
// Two backends behind one interface (the slice of better-sqlite3's API the state database uses):
// Node's built-in `node:sqlite` (22.13+, no native build) first, else better-sqlite3 where the user
// installed it (an optional peer dependency). Both are typed here, so the package needs no @types
// for either. CLIPIA_SANDBOX_SQLITE=node|better-sqlite3 forces one (the CI runs the durability
// suite on each).

/** A prepared statement. */
export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** An open database connection. Errors carry SQLite's result code name as `code` (`SQLITE_BUSY`, …). */
export interface SqliteDatabase {
  /** `PRAGMA source`: its rows, or with `simple` the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
  prepare(source: string): SqliteStatement;
  /** Wraps `fn` in BEGIN … COMMIT; an error rolls back and is rethrown. */
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}

/** Which SQLite opened the file. */
type SqliteBackendName = "node:sqlite" | "better-sqlite3";

interface SqliteBackend {
  readonly name: SqliteBackendName;
  /** Opens (or creates) the database at `path`; a locked file fails at once (no busy timeout). */
  open(path: string): SqliteDatabase;
}

// --- better-sqlite3 (its API is the interface above, as is) ---

type BetterSqlite3 = new (path: string, options?: { timeout?: number }) => SqliteDatabase;

// --- node:sqlite ---

interface NodeStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface NodeDatabase {
  exec(source: string): void;
  prepare(source: string): NodeStatement;
  close(): void;
}

/** The part of the `node:sqlite` module used here. */
interface NodeSqlite {
  DatabaseSync: new (path: string, options?: { timeout?: number }) => NodeDatabase;
}

/** How each backend is found; replaced in tests to simulate a machine without one. */
export interface SqliteLoaders {
  /** `node:sqlite`, or `undefined` where the running Node has none. */
  nodeSqlite(): NodeSqlite | undefined;
  /** better-sqlite3's constructor; rejects where it is not installed or does not load. */
  betterSqlite3(): Promise<BetterSqlite3>;
}

const defaultLoaders: SqliteLoaders = {
  nodeSqlite() {
    // getBuiltinModule (Node 20.16+, 22.3+), not `import("node:sqlite")`: bundlers leave it alone,
    // and an old Node answers `undefined` instead of failing to resolve. On Node 22.5–22.12 the
    // module needs --experimental-sqlite and is `undefined` without it.
    const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
    if (typeof getBuiltinModule !== "function") return undefined;
    // Node 22 warns "SQLite is an experimental feature" on the first load: a line on every start
    // that the user can do nothing about. Only that warning, only during this call, is dropped.
    const emitWarning = process.emitWarning;
    process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
      const text = typeof warning === "string" ? warning : warning.message;
      const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
      if (type === "ExperimentalWarning" && /\bSQLite\b/.test(text)) return;
      return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
    } as typeof process.emitWarning;
    try {
      const module = getBuiltinModule.call(process, "node:sqlite") as Partial<NodeSqlite> | undefined;
      return typeof module?.DatabaseSync === "function" ? (module as NodeSqlite) : undefined;
    } catch {
      return undefined;
    } finally {
      process.emitWarning = emitWarning;
    }
  },
  async betterSqlite3() {
    // A name in a variable: bundlers and tsup leave the import alone, and the package does not
    // depend on it (an optional peer dependency).
    const name = "better-sqlite3";
    const module = (await import(name)) as { default?: BetterSqlite3 };
    return (module.default ?? module) as BetterSqlite3;
  },
};

/** The environment variable that forces a backend. */
const CHOICE_VARIABLE = "CLIPIA_SANDBOX_SQLITE";

/**
 * Loads the SQLite `--state` uses: `choice` (default: CLIPIA_SANDBOX_SQLITE) is `node`,
 * `better-sqlite3`, or unset for the first available, node:sqlite first. Fails with one line
 * (`state_unavailable`) saying what to install.
 */
export async function loadSqlite(
  choice: string | undefined = process.env[CHOICE_VARIABLE],
  loaders: SqliteLoaders = defaultLoaders,
): Promise<SqliteBackend> {
  const wanted = choice?.trim() ?? "";
  if (wanted !== "" && wanted !== "node" && wanted !== "better-sqlite3") {
    throw unavailable(`${CHOICE_VARIABLE} must be node or better-sqlite3 (or unset), not ${JSON.stringify(wanted)}.`);
  }
  if (wanted !== "better-sqlite3") {
    const module = loaders.nodeSqlite();
    if (module) return nodeBackend(module);
    if (wanted === "node") {
      throw unavailable(
        `${CHOICE_VARIABLE}=node, but this Node (${process.version}) has no built-in node:sqlite: run on Node 22.13+ or unset ${CHOICE_VARIABLE}.`,
      );
    }
  }
  let Database: BetterSqlite3;
  try {
    Database = await loaders.betterSqlite3();
  } catch (error) {
    if (wanted === "better-sqlite3") {
      throw unavailable(
        `${CHOICE_VARIABLE}=better-sqlite3, but better-sqlite3 did not load (${firstLine(error)}): \`npm install better-sqlite3\` or unset ${CHOICE_VARIABLE}.`,
        error,
      );
    }
    // Installed but broken (built for another Node, say) is worth naming; absent is the usual case.
    const broken = isNotFound(error) ? "" : ` (better-sqlite3 is installed but did not load: ${firstLine(error)})`;
    throw unavailable(
      `--state needs SQLite: run on Node 22.13+ (built-in node:sqlite) or \`npm install better-sqlite3\`${broken}.`,
      error,
    );
  }
  return {
    name: "better-sqlite3",
    open: (path) => new Database(path, { timeout: 0 }),
  };
}

function unavailable(message: string, cause?: unknown): SandboxServerError {
  return new SandboxServerError("state_unavailable", message, cause === undefined ? undefined : { cause });
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? "").trim().replace(/\.$/, "");
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

// --- node:sqlite behind the interface ---

/** SQLite's primary result codes by number, for the names better-sqlite3 gives its errors. */
const RESULT_CODES: Record<number, string> = {
  1: "SQLITE_ERROR",
  2: "SQLITE_INTERNAL",
  3: "SQLITE_PERM",
  4: "SQLITE_ABORT",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  7: "SQLITE_NOMEM",
  8: "SQLITE_READONLY",
  9: "SQLITE_INTERRUPT",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  12: "SQLITE_NOTFOUND",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  15: "SQLITE_PROTOCOL",
  16: "SQLITE_EMPTY",
  17: "SQLITE_SCHEMA",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  21: "SQLITE_MISUSE",
  22: "SQLITE_NOLFS",
  23: "SQLITE_AUTH",
  24: "SQLITE_FORMAT",
  25: "SQLITE_RANGE",
  26: "SQLITE_NOTADB",
};

/** An error of node:sqlite, with `code` set the way better-sqlite3 sets it (state-preflight.ts reads it). */
class SqliteError extends Error {
  override readonly name = "SqliteError";
  readonly code: string;

  constructor(message: string, code: string, cause: unknown) {
    super(message, { cause });
    this.code = code;
  }
}

/** Runs one node:sqlite call, translating its error (`ERR_SQLITE_ERROR` + `errcode`) to a named one. */
function sqliteCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    const errcode = (error as { errcode?: unknown }).errcode;
    if (typeof errcode !== "number") throw error;
    // errcode is the extended code; its low byte is the primary one.
    const code = RESULT_CODES[errcode & 0xff] ?? `SQLITE_${errcode}`;
    throw new SqliteError((error as Error).message, code, error);
  }
}

// better-sqlite3 binds `undefined` as NULL; node:sqlite refuses it.
const bindable = (params: unknown[]): unknown[] => params.map((value) => (value === undefined ? null : value));

function nodeBackend(module: NodeSqlite): SqliteBackend {
  return {
    name: "node:sqlite",
    open(path) {
      // timeout 0 is node:sqlite's default too (the option is ignored before Node 22.16).
      const db = sqliteCall(() => new module.DatabaseSync(path, { timeout: 0 }));
      return nodeDatabase(db);
    },
  };
}

function nodeDatabase(db: NodeDatabase): SqliteDatabase {
  const exec = (source: string): void => sqliteCall(() => db.exec(source));
  return {
    pragma(source, options) {
      const rows = sqliteCall(() => db.prepare(`PRAGMA ${source}`).all()) as Array<Record<string, unknown>>;
      if (!options?.simple) return rows;
      const first = rows[0];
      return first === undefined ? undefined : Object.values(first)[0];
    },
    exec,
    prepare(source) {
      const statement = sqliteCall(() => db.prepare(source));
      return {
        run: (...params) => sqliteCall(() => statement.run(...bindable(params))),
        get: (...params) => sqliteCall(() => statement.get(...bindable(params))),
        all: (...params) => sqliteCall(() => statement.all(...bindable(params))),
      };
    },
    // The store's transactions do not nest, so no savepoints (better-sqlite3's nested form).
    transaction(fn) {
      return (...args) => {
        exec("BEGIN");
        try {
          fn(...args);
          exec("COMMIT");
        } catch (error) {
          try {
            exec("ROLLBACK");
          } catch {
            // SQLite already rolled it back (some errors do); the first error is the one to report.
          }
          throw error;
        }
      };
    },
    close: () => sqliteCall(() => db.close()),
  };
}
