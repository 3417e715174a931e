import { ChangeJournal } from "../engine/journal.js";
import type { StoredAccount, StoredDelivery, StoredIdempotency, StoredKey, StoredRequest } from "../engine/records.js";
import type { SandboxSnapshot } from "../engine/snapshot.js";
import type { SandboxState } from "../engine/state.js";
import type { Store } from "../engine/store.js";
import { SandboxServerError } from "./errors.js";
import { loadSqlite, type SqliteDatabase, type SqliteStatement } from "./sqlite.js";
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
export interface StateDatabase {
  readonly path: string;
  /** The saved store, or `undefined` for a new file. */
  readonly saved: SandboxSnapshot | undefined;
  /** Starts following `state`; writes the whole store once when the file is new. */
  attach(state: SandboxState): void;
  /** Commits what changed since the last commit, now. */
  commit(): void;
  /** Commits once at the end of this turn of the event loop (changes of concurrent requests share it). */
  commitSoon(): Promise<void>;
  /** Commits and closes (releases the file for another server). */
  close(): void;
}

type Statements = Record<"upsertMeta" | "account" | "key" | "request" | "delivery" | "idempotency", SqliteStatement> &
  Record<"deleteAccount" | "deleteKey" | "deleteRequest" | "deleteDelivery" | "deleteIdempotency", SqliteStatement>;

/** Opens (or creates) the state database at `path`; every problem surfaces here, before the port is bound. */
export async function openStateDatabase(path: string): Promise<StateDatabase> {
  const legacy = await legacySnapshot(path);
  const Database = await loadSqlite();
  await restrictToOwner(path);
  let db: SqliteDatabase;
  try {
    db = new Database(path, { timeout: 0 });
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
  if (mode !== "wal") throw new SandboxServerError("state_unwritable", `Cannot use ${path} in WAL mode (got ${String(mode)}).`);
  // NORMAL: each commit is written to the WAL (the OS has it) without an fsync. A killed process
  // loses nothing committed; a power cut may lose the last commits, never the file's consistency.
  // FULL's fsync per commit costs 4–8 ms on a busy disk, on the event loop: p99s in the hundreds.
  db.pragma("synchronous = NORMAL");
  const appId = db.pragma("application_id", { simple: true }) as number;
  const version = db.pragma("user_version", { simple: true }) as number;
  const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n;
  if (appId !== APPLICATION_ID && (appId !== 0 || tables > 0 || version !== 0)) {
    throw new SandboxServerError("state_corrupt", `${path} is an SQLite database of another application. It was left untouched; pass another --state path.`);
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
  const rows = <T>(sql: string): T[] => (db.prepare(sql).all() as Array<{ data: string }>).map((row) => JSON.parse(row.data) as T);
  return {
    version: 2,
    seed: meta.get("seed") as string,
    counters: meta.get("counters"),
    clock: meta.get("clock"),
    default_account_id: meta.get("default_account_id"),
    default_keys: meta.get("default_keys"),
    faults: meta.get("faults") ?? [],
    outcomes: meta.get("outcomes") ?? [],
    accounts: rows<StoredAccount>("SELECT data FROM accounts ORDER BY seq"),
    keys: rows<StoredKey>("SELECT data FROM keys ORDER BY seq"),
    requests: rows<StoredRequest>("SELECT data FROM requests ORDER BY seq"),
    deliveries: rows<StoredDelivery>("SELECT data FROM deliveries ORDER BY seq"),
    idempotency: rows<StoredIdempotency>("SELECT data FROM idempotency"),
  };
}

function stateDatabase(db: SqliteDatabase, path: string, saved: SandboxSnapshot | undefined, rewrite: boolean): StateDatabase {
  const sql: Statements = {
    upsertMeta: db.prepare("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)"),
    account: db.prepare("INSERT OR REPLACE INTO accounts (account_id, seq, data) VALUES (?, ?, ?)"),
    key: db.prepare("INSERT OR REPLACE INTO keys (id, account_id, seq, data) VALUES (?, ?, ?, ?)"),
    request: db.prepare("INSERT OR REPLACE INTO requests (request_id, account_id, key_id, seq, status, data) VALUES (?, ?, ?, ?, ?, ?)"),
    delivery: db.prepare("INSERT OR REPLACE INTO deliveries (id, account_id, request_id, seq, status, data) VALUES (?, ?, ?, ?, ?, ?)"),
    idempotency: db.prepare("INSERT OR REPLACE INTO idempotency (scope, key_id, created_at, data) VALUES (?, ?, ?, ?)"),
    deleteAccount: db.prepare("DELETE FROM accounts WHERE account_id = ?"),
    deleteKey: db.prepare("DELETE FROM keys WHERE id = ?"),
    deleteRequest: db.prepare("DELETE FROM requests WHERE request_id = ?"),
    deleteDelivery: db.prepare("DELETE FROM deliveries WHERE id = ?"),
    deleteIdempotency: db.prepare("DELETE FROM idempotency WHERE scope = ?"),
  };
  const put = {
    account: (a: StoredAccount) => sql.account.run(a.account_id, a.seq, JSON.stringify(a)),
    key: (k: StoredKey) => sql.key.run(k.id, k.account_id, k.seq, JSON.stringify(k)),
    request: (r: StoredRequest) => sql.request.run(r.request_id, r.account_id, r.key_id, r.seq, r.status, JSON.stringify(r)),
    delivery: (d: StoredDelivery) => sql.delivery.run(d.id, d.account_id, d.request_id, d.seq, d.status, JSON.stringify(d)),
    idempotency: (i: StoredIdempotency) => sql.idempotency.run(i.scope, i.key_id, i.created_at, JSON.stringify(i)),
  };

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
    };
    return META_NAMES.map((name) => [name, JSON.stringify(values[name])]);
  };

  const writeAll = db.transaction((store: Store, meta: Array<[string, string]>) => {
    for (const table of ["meta", "accounts", "keys", "requests", "deliveries", "idempotency"]) db.exec(`DELETE FROM ${table}`);
    for (const [name, value] of meta) sql.upsertMeta.run(name, value);
    for (const a of store.accounts.values()) put.account(a);
    for (const k of store.keys.values()) put.key(k);
    for (const r of store.requests.values()) put.request(r);
    for (const d of store.deliveries.values()) put.delivery(d);
    for (const i of store.idempotency.values()) put.idempotency(i);
  });

  const writeChanges = db.transaction((store: Store, journal: ChangeJournal, meta: Array<[string, string]>) => {
    for (const [name, value] of meta) sql.upsertMeta.run(name, value);
    for (const id of journal.accounts) {
      const a = store.accounts.get(id);
      if (a) put.account(a);
      else sql.deleteAccount.run(id);
    }
    for (const id of journal.keys) {
      const k = store.keys.get(id);
      if (k) put.key(k);
      else sql.deleteKey.run(id);
    }
    for (const id of journal.requests) {
      const r = store.requests.get(id);
      if (r) put.request(r);
      else sql.deleteRequest.run(id);
    }
    for (const id of journal.deliveries) {
      const d = store.deliveries.get(id);
      if (d) put.delivery(d);
      else sql.deleteDelivery.run(id);
    }
    for (const id of journal.idempotency) {
      const i = store.idempotency.get(id);
      if (i) put.idempotency(i);
      else sql.deleteIdempotency.run(id);
    }
  });

  const commit = (): void => {
    if (!state || closed) return;
    const store = state.store;
    const meta = metaValues(state);
    if (store !== followed) {
      // A new store (restore, a whole-sandbox reset): rewritten whole, once.
      writeAll(store, meta);
      store.journal = new ChangeJournal();
      followed = store;
    } else {
      const changed = meta.filter(([name, value]) => metaCache.get(name) !== value);
      const journal = store.journal!;
      if (changed.length === 0 && journal.size === 0) return;
      writeChanges(store, journal, changed);
      journal.clear();
    }
    for (const [name, value] of meta) metaCache.set(name, value);
  };

  return {
    path,
    saved,
    attach(s) {
      state = s;
      if (saved !== undefined && !rewrite) {
        // The store was just restored from this file: it is the committed state already.
        followed = s.store;
        s.store.journal = new ChangeJournal();
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
