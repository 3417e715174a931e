import { ChangeJournal, type JournalTable } from "./journal.js";
import type {
  StoredAccount,
  StoredChat,
  StoredDelivery,
  StoredIdempotency,
  StoredKey,
  StoredRequest,
} from "./records.js";
import { roundCredits } from "./credit-amount.js";
import { AccountLog, type LogRecord, type StoredLogEntry } from "./request-log.js";

/** A key's sliding 30-day usage window over one of its record lists (engine/usage.ts). */
export interface UsageWindow {
  /** Index of the first record inside the window. */
  start: number;
  cutoff: number;
  credits: number;
}

/**
 * The request log's entries read as stored entries (what snapshots and the `--state` file hold):
 * shaped like the other tables' maps for their readers, but built on each read from the accounts'
 * rings, so a logged call stores no map entry and no id.
 */
interface LogEntries {
  /** The entry with this id, if it is still kept. */
  get(id: string): StoredLogEntry | undefined;
  /** Every kept entry, in the store's order (`seq`). */
  values(): IterableIterator<StoredLogEntry>;
}

/**
 * The store's records and their indexes (the base of `Store`, engine/store.ts). It is the only
 * writer of them: every change goes through one of the methods below, which keeps the indexes in
 * step, counts the change (`version`, for `onChange`) and marks the changed row for an incremental
 * persister (the `--state` database), so whether a change is saved never rests on a caller
 * remembering to say so. The maps are readable by anyone; only this class writes them.
 */
export class RecordStore {
  readonly accounts = new Map<string, StoredAccount>();
  readonly keys = new Map<string, StoredKey>();
  readonly keysByHash = new Map<string, StoredKey>();
  readonly requests = new Map<string, StoredRequest>();
  /** Each key's requests, oldest first: a key's usage reads its own, not the store's. */
  readonly requestsByKey = new Map<string, StoredRequest[]>();
  /** Each key's 30-day usage window (engine/usage.ts); derived, rebuilt on demand, never serialised. */
  readonly usageWindows = new Map<string, UsageWindow>();
  /** Chat completions (SPEC v3 §2.2) by id. */
  readonly chats = new Map<string, StoredChat>();
  /** Each key's chat completions, oldest first (usage reads them beside its requests). */
  readonly chatsByKey = new Map<string, StoredChat[]>();
  /** Each key's 30-day chat usage window, like `usageWindows`; derived, never serialised. */
  readonly chatUsageWindows = new Map<string, UsageWindow>();
  /** Non-terminal request ids per account, so settling does not scan every request. */
  readonly pending = new Map<string, Set<string>>();
  readonly idempotency = new Map<string, StoredIdempotency>();
  readonly deliveries = new Map<string, StoredDelivery>();
  /** Ids of deliveries still `pending`, so due attempts are found without scanning the log. */
  readonly pendingDeliveries = new Set<string>();
  /** Each account's request log (SPEC v3 §5.4): a ring of at most `REQUEST_LOG_LIMIT` entries. */
  readonly logsByAccount = new Map<string, AccountLog>();
  /** The request log's entries by id and in order, read from `logsByAccount` (see `LogEntries`). */
  readonly logs: LogEntries = {
    get: (id) => this.logById(id),
    values: () => this.allLogs().values(),
  };
  // Entries by id, built on the first lookup by id (the `--state` persister's) and kept in step
  // from then on; null while nobody asked, so that a logged call derives no id.
  private logIndex: Map<string, LogRecord> | null = null;
  private changes = 0;
  private journal: ChangeJournal | null = null;

  /** `logIdOf`: a log entry's id from its `seq` (the store derives it from its seed). */
  constructor(private readonly deriveLogId: (seq: number) => string) {}

  /** Counts every change; `onChange` listeners run when it moved. */
  get version(): number {
    return this.changes;
  }

  /**
   * Starts (or restarts) recording the ids of changed rows, for an incremental persister: it
   * writes what the journal names, then clears it. Off until a persister asks.
   */
  followChanges(): ChangeJournal {
    this.journal = new ChangeJournal();
    return this.journal;
  }

  /** The journal a persister follows, if any. */
  get changeJournal(): ChangeJournal | null {
    return this.journal;
  }

  /** Counts a change the rows do not hold (the clock's offsets are saved beside them, in `meta`). */
  touch(): void {
    this.changes++;
  }

  // Records that a row changed (or was deleted, when its id is gone) and counts the change.
  private mark(table: JournalTable, id: string): void {
    this.journal?.mark(table, id);
    this.changes++;
  }

  addAccount(account: StoredAccount): void {
    this.accounts.set(account.account_id, account);
    this.mark("accounts", account.account_id);
  }

  /** Changes fields of a stored account. */
  updateAccount(account: StoredAccount, patch: Partial<Omit<StoredAccount, "account_id">>): void {
    Object.assign(account, patch);
    this.mark("accounts", account.account_id);
  }

  addKey(key: StoredKey): void {
    this.keys.set(key.id, key);
    this.keysByHash.set(key.hash, key);
    this.mark("keys", key.id);
  }

  /** Changes fields of a stored key (its id and hash never change). */
  updateKey(key: StoredKey, patch: Partial<Omit<StoredKey, "id" | "hash">>): void {
    Object.assign(key, patch);
    this.mark("keys", key.id);
  }

  removeKey(key: StoredKey): void {
    this.keys.delete(key.id);
    if (this.keysByHash.get(key.hash) === key) this.keysByHash.delete(key.hash);
    this.mark("keys", key.id);
  }

  /** The account's keys, oldest first. */
  keysOf(accountId: string): StoredKey[] {
    return [...this.keys.values()].filter((key) => key.account_id === accountId).sort((a, b) => a.seq - b.seq);
  }

  addRequest(request: StoredRequest): void {
    this.requests.set(request.request_id, request);
    const byKey = this.requestsByKey.get(request.key_id);
    if (byKey) byKey.push(request);
    else this.requestsByKey.set(request.key_id, [request]);
    const window = this.usageWindows.get(request.key_id);
    if (window && request.charged) window.credits = roundCredits(window.credits + request.cost);
    if (request.status === null) this.pendingOf(request.account_id).add(request.request_id);
    this.mark("requests", request.request_id);
  }

  /** Changes fields of a stored request; a terminal one leaves `pending`, a refund the usage window. */
  updateRequest(
    request: StoredRequest,
    patch: Partial<Omit<StoredRequest, "request_id" | "account_id" | "key_id">>,
  ): void {
    const wasCharged = request.charged;
    Object.assign(request, patch);
    if (request.status !== null) this.pending.get(request.account_id)?.delete(request.request_id);
    // The key's usage window counted this charge; it is rebuilt on its next read.
    if (wasCharged && !request.charged) this.usageWindows.delete(request.key_id);
    this.mark("requests", request.request_id);
  }

  /** Drops every request of the account, with the usage of the keys that made them. */
  removeRequestsOf(accountId: string): void {
    for (const request of this.requestsOf(accountId)) {
      this.requests.delete(request.request_id);
      this.requestsByKey.delete(request.key_id);
      this.usageWindows.delete(request.key_id);
      this.mark("requests", request.request_id);
    }
    this.pending.delete(accountId);
  }

  /** The account's requests, oldest first. */
  requestsOf(accountId: string): StoredRequest[] {
    return [...this.requests.values()].filter((r) => r.account_id === accountId).sort((a, b) => a.seq - b.seq);
  }

  private pendingOf(accountId: string): Set<string> {
    let set = this.pending.get(accountId);
    if (!set) {
      set = new Set();
      this.pending.set(accountId, set);
    }
    return set;
  }

  /** Records a chat completion (never changed afterwards: it is finished when recorded). */
  addChat(chat: StoredChat): void {
    this.chats.set(chat.id, chat);
    const byKey = this.chatsByKey.get(chat.key_id);
    if (byKey) byKey.push(chat);
    else this.chatsByKey.set(chat.key_id, [chat]);
    const window = this.chatUsageWindows.get(chat.key_id);
    if (window && chat.charged) window.credits = roundCredits(window.credits + chat.cost);
    this.mark("chats", chat.id);
  }

  /** Drops every chat completion of the account, with the chat usage of its keys. */
  removeChatsOf(accountId: string): void {
    for (const chat of this.chatsOf(accountId)) {
      this.chats.delete(chat.id);
      this.chatsByKey.delete(chat.key_id);
      this.chatUsageWindows.delete(chat.key_id);
      this.mark("chats", chat.id);
    }
  }

  /** The account's chat completions, oldest first. */
  chatsOf(accountId: string): StoredChat[] {
    return [...this.chats.values()].filter((c) => c.account_id === accountId).sort((a, b) => a.seq - b.seq);
  }

  /** Keeps (or replaces) an `Idempotency-Key` answer. */
  putIdempotency(record: StoredIdempotency): void {
    this.idempotency.set(record.scope, record);
    this.mark("idempotency", record.scope);
  }

  removeIdempotency(scope: string): void {
    this.idempotency.delete(scope);
    this.mark("idempotency", scope);
  }

  addDelivery(delivery: StoredDelivery): void {
    this.deliveries.set(delivery.id, delivery);
    if (delivery.status === "pending") this.pendingDeliveries.add(delivery.id);
    this.mark("deliveries", delivery.id);
  }

  /** Changes fields of a delivery; `pendingDeliveries` follows its status. */
  updateDelivery(delivery: StoredDelivery, patch: Partial<Omit<StoredDelivery, "id" | "account_id">>): void {
    Object.assign(delivery, patch);
    if (delivery.status === "pending") this.pendingDeliveries.add(delivery.id);
    else this.pendingDeliveries.delete(delivery.id);
    this.mark("deliveries", delivery.id);
  }

  removeDelivery(id: string): void {
    this.deliveries.delete(id);
    this.pendingDeliveries.delete(id);
    this.mark("deliveries", id);
  }

  /**
   * Appends a request log entry to its account's log; past `REQUEST_LOG_LIMIT` the oldest is
   * dropped (its `ordinal` still counts it: see `droppedLogsOf`). The entry is copied: the caller's
   * object is not kept. Its id, when null, is derived only if someone follows the changes by id.
   */
  addLog(entry: LogRecord): void {
    let log = this.logsByAccount.get(entry.account_id);
    if (!log) {
      log = new AccountLog();
      this.logsByAccount.set(entry.account_id, log);
    }
    const dropped = log.overwritten;
    if (dropped !== null) this.forgetLog(dropped);
    const slot = log.append(entry);
    if (this.journal === null && this.logIndex === null) {
      this.changes++;
      return;
    }
    const id = this.logIdOf(slot);
    this.logIndex?.set(id, slot);
    this.mark("logs", id);
  }

  // A kept entry about to be overwritten or cleared: out of the index, and a deleted row to a persister.
  private forgetLog(entry: LogRecord): void {
    if (this.journal === null && this.logIndex === null) return;
    const id = this.logIdOf(entry);
    this.logIndex?.delete(id);
    this.mark("logs", id);
  }

  /** A kept entry's id: derived from its `seq` on first read, then remembered. */
  logIdOf(entry: LogRecord | Readonly<LogRecord>): string {
    if (entry.id === null) (entry as LogRecord).id = this.deriveLogId(entry.seq);
    return entry.id as string;
  }

  /** The account's log entries, newest first (read them before the next write: slots are reused). */
  logsNewestFirst(accountId: string): Iterable<Readonly<LogRecord>> {
    return this.logsByAccount.get(accountId)?.newestFirst() ?? [];
  }

  /** The `ordinal` the account's next log entry takes. */
  nextLogOrdinal(accountId: string): number {
    return this.logsByAccount.get(accountId)?.nextOrdinal ?? 1;
  }

  /** How many of the account's entries the bound dropped since it was created or reset. */
  droppedLogsOf(accountId: string): number {
    return this.logsByAccount.get(accountId)?.dropped ?? 0;
  }

  /** Clears the account's request log (a reset). */
  removeLogsOf(accountId: string): void {
    const log = this.logsByAccount.get(accountId);
    if (!log) return;
    for (const entry of log.newestFirst()) this.forgetLog(entry);
    this.logsByAccount.delete(accountId);
    this.changes++;
  }

  // A kept entry as a stored one: a new object, so that a reused slot never changes what a reader holds.
  private storedLog(entry: Readonly<LogRecord>): StoredLogEntry {
    return { ...entry, id: this.logIdOf(entry), warnings: [...entry.warnings] };
  }

  private logById(id: string): StoredLogEntry | undefined {
    if (this.logIndex === null) {
      this.logIndex = new Map();
      for (const log of this.logsByAccount.values()) {
        for (const entry of log.newestFirst()) this.logIndex.set(this.logIdOf(entry), entry as LogRecord);
      }
    }
    const entry = this.logIndex.get(id);
    return entry && this.storedLog(entry);
  }

  private allLogs(): StoredLogEntry[] {
    const entries: StoredLogEntry[] = [];
    for (const log of this.logsByAccount.values()) {
      for (const entry of log.newestFirst()) entries.push(this.storedLog(entry));
    }
    return entries.sort((a, b) => a.seq - b.seq);
  }
}
