import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { deriveId } from "../../src/engine/ids.js";
import { RecordStore } from "../../src/engine/record-store.js";
import { type LogRecord, NO_WARNINGS, REQUEST_LOG_LIMIT } from "../../src/engine/request-log.js";
import { Store } from "../../src/engine/store.js";

// The request log's store (engine/request-log.ts `AccountLog`, engine/record-store.ts): a ring of
// reused records per account, ids derived from `seq` when first read. What it keeps must be what
// an array with `push` and `shift` would keep, whoever reads it and whenever.

const ACCOUNT = "acc_ring";

/** A logged call of the account, `seq` and `ordinal` as the store's counters would give them. */
function record(seq: number, ordinal: number, accountId = ACCOUNT): LogRecord {
  return {
    id: null,
    seq,
    ordinal,
    account_id: accountId,
    time: 1_700_000_000_000 + seq,
    method: "GET",
    path: `/v1/requests/${seq}/status`,
    status: seq % 7 === 0 ? 404 : 200,
    code: seq % 7 === 0 ? "not_found" : null,
    key_id: "key_ring",
    redacted_key: "clipia_test_…abcd",
    auth_scheme: "bearer",
    idempotency_key: null,
    duration_ms: seq % 3,
    request_id: null,
    warnings: seq % 5 === 0 ? [`warning ${seq}`] : NO_WARNINGS,
  };
}

/** Logs `count` calls of the account into `store`, as app/log-call.ts does. */
function logCalls(store: Store, count: number, accountId = ACCOUNT): void {
  for (let i = 0; i < count; i++) {
    store.addLog(record(store.nextLogSeq(), store.nextLogOrdinal(accountId), accountId));
  }
}

const seqsOf = (store: RecordStore, accountId = ACCOUNT) => [...store.logsNewestFirst(accountId)].map((e) => e.seq);

describe("the request log's ring", () => {
  it("keeps what push and shift would: the newest 1000, newest first, the rest counted dropped", () => {
    for (const count of [0, 1, 999, 1000, 1001, 1999, 2000, 2345]) {
      const store = new Store("ring");
      logCalls(store, count);
      const kept = Math.min(count, REQUEST_LOG_LIMIT);
      const expected = Array.from({ length: kept }, (_, index) => count - 1 - index);
      expect(seqsOf(store), `${count} calls`).toEqual(expected);
      expect(store.droppedLogsOf(ACCOUNT)).toBe(count - kept);
      expect(store.nextLogOrdinal(ACCOUNT)).toBe(count + 1);
      // Every field of a kept entry is its own call's, after the ring went round.
      const { id: _id, ...fields } = record(count - 1, count);
      if (count > 0) expect([...store.logsNewestFirst(ACCOUNT)][0]).toMatchObject(fields);
    }
  });

  it("keeps accounts apart, and a reset of one leaves the other's ring", () => {
    const store = new Store("ring");
    logCalls(store, 1200, "acc_a");
    logCalls(store, 30, "acc_b");
    logCalls(store, 10, "acc_a");
    expect(store.droppedLogsOf("acc_a")).toBe(210);
    expect(seqsOf(store, "acc_b")).toEqual(Array.from({ length: 30 }, (_, index) => 1229 - index));
    store.removeLogsOf("acc_a");
    expect([seqsOf(store, "acc_a"), store.droppedLogsOf("acc_a"), store.nextLogOrdinal("acc_a")]).toEqual([[], 0, 1]);
    expect(seqsOf(store, "acc_b")).toHaveLength(30);
  });

  it("derives no id when a call is logged, only when it is read, and then the same one every time", () => {
    const derived: number[] = [];
    const store = new RecordStore((seq) => {
      derived.push(seq);
      return `log_${seq}`;
    });
    for (let seq = 0; seq < 1500; seq++) store.addLog(record(seq, seq + 1));
    expect(derived).toEqual([]);
    const newest = [...store.logsNewestFirst(ACCOUNT)].slice(0, 3);
    expect(newest.map((entry) => store.logIdOf(entry))).toEqual(["log_1499", "log_1498", "log_1497"]);
    expect(newest.map((entry) => store.logIdOf(entry))).toEqual(["log_1499", "log_1498", "log_1497"]);
    expect(derived).toEqual([1499, 1498, 1497]);
  });

  it("gives an entry the id the store's seed and counter name, read early or late", () => {
    const followed = new Store("seed-x");
    followed.followChanges();
    const unfollowed = new Store("seed-x");
    logCalls(followed, 1003);
    logCalls(unfollowed, 1003);
    const ids = (store: Store) => [...store.logsNewestFirst(ACCOUNT)].map((entry) => store.logIdOf(entry));
    expect(ids(followed)).toEqual(ids(unfollowed));
    expect(ids(followed)[0]).toBe(deriveId("seed-x", "log", 1002));
  });

  it("names each added and dropped entry to a persister, and looks entries up by id", () => {
    const store = new Store("ring");
    const journal = store.followChanges();
    logCalls(store, 1005);
    const ids = [...journal.logs];
    expect(ids).toHaveLength(1005);
    // The five oldest were dropped: marked, and no longer found (the persister deletes their rows).
    for (const id of ids.slice(0, 5)) expect(store.logs.get(id)).toBeUndefined();
    expect(store.logs.get(ids[5]!)).toEqual({ ...record(5, 6), id: ids[5], warnings: ["warning 5"] });
    expect(store.logs.get(ids[1004]!)).toMatchObject({ seq: 1004, ordinal: 1005, account_id: ACCOUNT });
    expect([...store.logs.values()].map((entry) => entry.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 5));
  });

  it("an index built by a lookup stays in step with later writes", () => {
    const store = new Store("ring");
    logCalls(store, 10);
    const first = store.logIdOf([...store.logsNewestFirst(ACCOUNT)].at(-1)!);
    expect(store.logs.get(first)).toMatchObject({ seq: 0 });
    logCalls(store, 1000);
    expect(store.logs.get(first)).toBeUndefined();
    const newest = store.logIdOf([...store.logsNewestFirst(ACCOUNT)][0]!);
    expect(store.logs.get(newest)).toMatchObject({ seq: 1009 });
    store.removeLogsOf(ACCOUNT);
    expect(store.logs.get(newest)).toBeUndefined();
  });

  it("what a reader already holds does not change when the ring reuses its slots", async () => {
    const sandbox = createSandbox();
    const { account, keys } = sandbox.createAccount();
    const call = (path: string) =>
      sandbox.fetch(`https://api.clipia.ai${path}`, { headers: { authorization: `Bearer ${keys.test}` } });
    for (let i = 0; i < REQUEST_LOG_LIMIT; i++) await call("/v1/account");
    const listed = sandbox.listLogs(account.account_id, { limit: 1000 });
    const snapshot = sandbox.snapshot();
    const copies = structuredClone({ listed, snapshot });
    for (let i = 0; i < REQUEST_LOG_LIMIT; i++) await call("/v1/key");
    expect({ listed, snapshot }).toEqual(copies);
    const now = sandbox.listLogs(account.account_id, { limit: 1000 });
    expect(now.data.every((entry) => entry.path === "/v1/key")).toBe(true);
    expect(now.dropped).toBe(REQUEST_LOG_LIMIT);
    expect(new Set([...now.data, ...listed.data].map((entry) => entry.id)).size).toBe(2 * REQUEST_LOG_LIMIT);
  });
});
