import type { JournalTable } from "../engine/journal.js";
import type {
  StoredAccount,
  StoredChat,
  StoredDelivery,
  StoredIdempotency,
  StoredKey,
  StoredRequest,
} from "../engine/records.js";
import type { StoredLogEntry } from "../engine/request-log.js";
import type { SqliteDatabase } from "./sqlite.js";

/**
 * A row table of the `--state` file (node/state-db.ts). Its name is the same in SQL, in the store
 * and in the change journal; `columns` are copied out of the record for indexes (the first is the
 * primary key), the record itself goes to `data` as JSON. `orderBy` is the order its rows are read
 * back in.
 */
interface RowSpec<T> {
  readonly columns: readonly string[];
  values(record: T): unknown[];
  readonly orderBy?: string;
}

const rowSpec = <T>(spec: RowSpec<T>): RowSpec<never> => spec as RowSpec<never>;

/**
 * Every row table, by name: commits, full rewrites and loading all follow this one table. Keyed by
 * `JournalTable`, so a table the journal can mark but the file does not write is a compile error.
 */
const ROW_TABLES: { readonly [table in JournalTable]: RowSpec<never> } = {
  accounts: rowSpec<StoredAccount>({
    columns: ["account_id", "seq"],
    values: (a) => [a.account_id, a.seq],
    orderBy: "seq",
  }),
  keys: rowSpec<StoredKey>({
    columns: ["id", "account_id", "seq"],
    values: (k) => [k.id, k.account_id, k.seq],
    orderBy: "seq",
  }),
  requests: rowSpec<StoredRequest>({
    columns: ["request_id", "account_id", "key_id", "seq", "status"],
    values: (r) => [r.request_id, r.account_id, r.key_id, r.seq, r.status],
    orderBy: "seq",
  }),
  deliveries: rowSpec<StoredDelivery>({
    columns: ["id", "account_id", "request_id", "seq", "status"],
    values: (d) => [d.id, d.account_id, d.request_id, d.seq, d.status],
    orderBy: "seq",
  }),
  idempotency: rowSpec<StoredIdempotency>({
    columns: ["scope", "key_id", "created_at"],
    values: (i) => [i.scope, i.key_id, i.created_at],
  }),
  chats: rowSpec<StoredChat>({
    columns: ["id", "account_id", "key_id", "seq"],
    values: (c) => [c.id, c.account_id, c.key_id, c.seq],
    orderBy: "seq",
  }),
  logs: rowSpec<StoredLogEntry>({
    columns: ["id", "account_id", "seq"],
    values: (l) => [l.id, l.account_id, l.seq],
    orderBy: "seq",
  }),
};

/** Every row table of the `--state` file (node/state-db.ts) with its spec, in `ROW_TABLES` order. */
export const rowTables = (): Array<[JournalTable, RowSpec<never>]> =>
  Object.entries(ROW_TABLES) as Array<[JournalTable, RowSpec<never>]>;

/** A row table's two writes, prepared on one database. */
interface RowWriter {
  readonly table: JournalTable;
  put(record: unknown): void;
  delete(id: string): void;
}

/** Prepares each row table's writes on `db`. */
export function rowWriters(db: SqliteDatabase): RowWriter[] {
  return rowTables().map(([table, spec]) => {
    const columns = [...spec.columns, "data"];
    const put = db.prepare(
      `INSERT OR REPLACE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
    );
    const remove = db.prepare(`DELETE FROM ${table} WHERE ${spec.columns[0]} = ?`);
    return {
      table,
      put: (record) => put.run(...spec.values(record as never), JSON.stringify(record)),
      delete: (id) => remove.run(id),
    };
  });
}
