import type { ChangeJournal, JournalTable } from "../engine/journal.js";
import type {
  StoredAccount,
  StoredChat,
  StoredDelivery,
  StoredIdempotency,
  StoredKey,
  StoredRequest,
} from "../engine/records.js";
import type { StoredLogEntry } from "../engine/request-log.js";
import type { SandboxSnapshot } from "../engine/snapshot.js";
import type { SandboxState } from "../engine/state.js";
import type { Store } from "../engine/store.js";
import { SandboxServerError } from "./errors.js";
import { rowTables, rowWriters } from "./row-tables.js";
import { loadSqlite, type SqliteDatabase } from "./sqlite.js";
import { checkIntegrity, classify, legacySnapshot, restrictToOwner, unwritable } from "./state-preflight.js";
import { APPLICATION_ID, META_NAMES, MIGRATIONS, SCHEMA_VERSION } from "./state-schema.js";

/**
 * The `--state` file: a SQLite database (WAL, synchronous NORMAL) written incrementally. A commit
 * writes only the rows the engine marked since the last one (engine/journal.ts) plus the small
 * `meta` values that changed, so its cost follows the change, not the store. The server answers a
 * request only after the commit that holds its change, so a killed process loses nothing it
 * acknowledged and never issues an id or a secret twice. One server per file: the database is
 * opened in exclusive locking mode, and a second server is refused while the first one runs.
 */
interface StateDatabase {
  readonly path: string;
  /** The saved store, or `undefined` for a new file. */
  readonly saved: SandboxSnapshot | undefined;
  /** The error for a saved store that no sandbox can restore (the file is left untouched). */
  unreadable(cause: unknown): SandboxServerError;
  /** Starts following `state`; writes the whole store once when the file is new. */
  attach(state: SandboxState): void;
  /** Commits what changed since the last commit, now. */
  commit(): void;
  /** Commits once at the end of this turn of the event loop (changes of concurrent requests share it). */
  commitSoon(): Promise<void>;
  /** Commits and closes (releases the file for another server). */
  close(): void;
}

/** Opens (or creates) the state database at `path`; every problem surfaces here, before the port is bound. */
export async function openStateDatabase(path: string): Promise<StateDatabase> {
  // SQLite first: without one, nothing at `path` is touched (a JSON file of an earlier version is
  // not yet moved aside).
  const sqlite = await loadSqlite();
  const legacy = await legacySnapshot(path);
  await restrictToOwner(path);
  let db: SqliteDatabase;
  try {
    db = sqlite.open(path);
  } catch (error) {
    throw unwritable(path, error);
  }
  try {
    prepareFile(db, path);
    const saved = legacy ?? readSnapshot(db);
    return stateDatabase(db, path, saved, legacy !== undefined);
  } catch (error) {
    db.close();
    throw error instanceof SandboxServerError ? error : classify(path, error);
  }
}

function prepareFile(db: SqliteDatabase, path: string): void {
  // Exclusive: the first write takes the file's lock and keeps it until close, so a second server
  // fails at once (SQLITE_BUSY). It also means no -shm file: nothing but the -wal can be left behind.
  db.pragma("locking_mode = EXCLUSIVE");
  // First read of the file, before the pragmas below write its header.
  checkIntegrity(path, () => db.pragma("quick_check"));
  const mode = db.pragma("journal_mode = WAL", { simple: true });
  if (mode !== "wal")
    throw new SandboxServerError("state_unwritable", `Cannot use ${path} in WAL mode (got ${String(mode)}).`);
  // NORMAL: each commit is written to the WAL (the OS has it) without an fsync. A killed process
  // loses nothing committed; a power cut may lose the last commits, never the file's consistency.
  // FULL's fsync per commit costs 4–8 ms on a busy disk, on the event loop: p99s in the hundreds.
  db.pragma("synchronous = NORMAL");
  const appId = db.pragma("application_id", { simple: true }) as number;
  const version = db.pragma("user_version", { simple: true }) as number;
  const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n;
  if (appId !== APPLICATION_ID && (appId !== 0 || tables > 0 || version !== 0)) {
    throw new SandboxServerError(
      "state_corrupt",
      `${path} is an SQLite database of another application. It was left untouched; pass another --state path.`,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new SandboxServerError(
      "state_corrupt",
      `${path} was written by a newer @clipia/sandbox (schema ${version}, this one knows ${SCHEMA_VERSION}). It was left untouched; upgrade @clipia/sandbox.`,
    );
  }
  // A write transaction even when nothing migrates: takes the lock now and proves the file writable.
  db.transaction(() => {
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function readSnapshot(db: SqliteDatabase): SandboxSnapshot | undefined {
  const meta = new Map<string, unknown>();
  for (const row of db.prepare("SELECT name, value FROM meta").all() as Array<{ name: string; value: string }>) {
    meta.set(row.name, JSON.parse(row.value));
  }
  if (typeof meta.get("seed") !== "string") return undefined;
  const rows: Partial<Record<JournalTable, unknown[]>> = {};
  for (const [table, spec] of rowTables()) {
    const order = spec.orderBy === undefined ? "" : ` ORDER BY ${spec.orderBy}`;
    rows[table] = (db.prepare(`SELECT data FROM ${table}${order}`).all() as Array<{ data: string }>).map((row) =>
      JSON.parse(row.data),
    );
  }
  return {
    version: 2,
    seed: meta.get("seed") as string,
    counters: meta.get("counters"),
    clock: meta.get("clock"),
    default_account_id: meta.get("default_account_id"),
    default_keys: meta.get("default_keys"),
    faults: meta.get("faults") ?? [],
    outcomes: meta.get("outcomes") ?? [],
    chat_replies: meta.get("chat_replies") ?? [],
    accounts: rows.accounts as StoredAccount[],
    keys: rows.keys as StoredKey[],
    requests: rows.requests as StoredRequest[],
    deliveries: rows.deliveries as StoredDelivery[],
    idempotency: rows.idempotency as StoredIdempotency[],
    chats: rows.chats as StoredChat[],
    logs: rows.logs as StoredLogEntry[],
  };
}

function stateDatabase(
  db: SqliteDatabase,
  path: string,
  saved: SandboxSnapshot | undefined,
  rewrite: boolean,
): StateDatabase {
  const upsertMeta = db.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)");
  const writers = rowWriters(db);
  let state: SandboxState | undefined;
  let followed: Store | undefined;
  // The last committed JSON of each meta value: a commit writes only those that changed.
  const metaCache = new Map<string, string>();
  let pending: Promise<void> | undefined;
  let closed = false;

  const metaValues = (s: SandboxState): Array<[string, string]> => {
    const store = s.store;
    const values: Record<(typeof META_NAMES)[number], unknown> = {
      seed: s.seed,
      counters: store.counters,
      clock: { global_offset_ms: s.clock.globalOffset, offsets_ms: Object.fromEntries(s.clock.offsets) },
      default_account_id: store.defaultAccountId,
      default_keys: store.defaultKeys,
      faults: store.faults,
      outcomes: store.outcomes,
      chat_replies: store.chatReplies,
    };
    return META_NAMES.map((name) => [name, JSON.stringify(values[name])]);
  };

  const writeAll = db.transaction((store: Store, meta: Array<[string, string]>) => {
    db.exec("DELETE FROM meta");
    for (const [name, value] of meta) upsertMeta.run(name, value);
    for (const writer of writers) {
      db.exec(`DELETE FROM ${writer.table}`);
      for (const record of store[writer.table].values()) writer.put(record);
    }
  });

  // A marked id the store no longer holds was deleted.
  const writeChanges = db.transaction((store: Store, journal: ChangeJournal, meta: Array<[string, string]>) => {
    for (const [name, value] of meta) upsertMeta.run(name, value);
    for (const writer of writers) {
      for (const id of journal[writer.table]) {
        const record = store[writer.table].get(id);
        if (record) writer.put(record);
        else writer.delete(id);
      }
    }
  });

  const commit = (): void => {
    if (!state || closed) return;
    const store = state.store;
    const meta = metaValues(state);
    if (store !== followed) {
      // A new store (restore, a whole-sandbox reset): rewritten whole, once.
      writeAll(store, meta);
      store.followChanges();
      followed = store;
    } else {
      const changed = meta.filter(([name, value]) => metaCache.get(name) !== value);
      const journal = store.changeJournal!;
      if (changed.length === 0 && journal.size === 0) return;
      writeChanges(store, journal, changed);
      journal.clear();
    }
    for (const [name, value] of meta) metaCache.set(name, value);
  };

  return {
    path,
    saved,
    unreadable(cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return new SandboxServerError(
        "state_corrupt",
        `State file ${path} is not a sandbox snapshot (${reason}). It was left untouched; move it away or pass another --state path.`,
        { cause },
      );
    },
    attach(s) {
      state = s;
      if (saved !== undefined && !rewrite) {
        // The store was just restored from this file: it is the committed state already.
        followed = s.store;
        s.store.followChanges();
        for (const [name, value] of metaValues(s)) metaCache.set(name, value);
      }
      commit();
    },
    commit,
    commitSoon() {
      pending ??= new Promise<void>((resolve, reject) => {
        setImmediate(() => {
          pending = undefined;
          try {
            commit();
            resolve();
          } catch (error) {
            reject(error);
          }
        });
      });
      return pending;
    },
    close() {
      if (closed) return;
      try {
        commit();
      } finally {
        closed = true;
        db.close();
      }
    },
  };
}
