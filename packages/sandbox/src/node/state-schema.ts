// The `--state` database's schema, by version (PRAGMA user_version). A migration moves the file
// from version n-1 to n inside one transaction; a file newer than this code is refused, not touched.
// Rows keep the engine's record as JSON in `data` (query it with SQLite's json_extract); the other
// columns are copies for indexes and for reading the file with any SQLite tool.

/** `PRAGMA application_id` of a sandbox state database ("Clip"), so another app's file is refused. */
export const APPLICATION_ID = 0x436c6970;

/** Migrations, index n moving a file from version n to n + 1. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE accounts (account_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL);
  CREATE TABLE keys (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL);
  CREATE INDEX keys_by_account ON keys (account_id, seq);
  CREATE TABLE requests (
    request_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, key_id TEXT NOT NULL,
    seq INTEGER NOT NULL, status TEXT, data TEXT NOT NULL
  );
  CREATE INDEX requests_by_account ON requests (account_id, seq);
  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, request_id TEXT NOT NULL,
    seq INTEGER NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL
  );
  CREATE INDEX deliveries_by_account ON deliveries (account_id, seq);
  CREATE TABLE idempotency (scope TEXT PRIMARY KEY, key_id TEXT NOT NULL, created_at INTEGER NOT NULL, data TEXT NOT NULL);
  `,
  // 2: chat completions of the AI gateway (SPEC v3 §2.2).
  `
  CREATE TABLE chats (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, key_id TEXT NOT NULL,
    seq INTEGER NOT NULL, data TEXT NOT NULL
  );
  CREATE INDEX chats_by_account ON chats (account_id, seq);
  `,
  // 3: the request log (SPEC v3 §5.4); a file of version 2 opens with an empty log.
  `
  CREATE TABLE logs (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL);
  CREATE INDEX logs_by_account ON logs (account_id, seq);
  `,
];

/** The version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The `meta` rows: one JSON value each. */
export const META_NAMES = [
  "seed",
  "counters",
  "clock",
  "default_account_id",
  "default_keys",
  "faults",
  "outcomes",
  "chat_replies",
] as const;
