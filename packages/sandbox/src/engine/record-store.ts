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
import { REQUEST_LOG_LIMIT, type StoredLogEntry } from "./request-log.js";

/** A key's sliding 30-day usage window over one of its record lists (engine/usage.ts). */
export interface UsageWindow {
  /** Index of the first record inside the window. */
  start: number;
  cutoff: number;
  credits: number;
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
  /** The request log's entries (SPEC v3 §5.4) by id. */
  readonly logs = new Map<string, StoredLogEntry>();
  /** Each account's log entries, oldest first, at most `REQUEST_LOG_LIMIT`. */
  readonly logsByAccount = new Map<string, StoredLogEntry[]>();
  private changes = 0;
  private journal: ChangeJournal | null = null;

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
   * dropped (its `ordinal` still counts it: see `droppedLogsOf`).
   */
  addLog(entry: StoredLogEntry): void {
    let entries = this.logsByAccount.get(entry.account_id);
    if (!entries) {
      entries = [];
      this.logsByAccount.set(entry.account_id, entries);
    }
    entries.push(entry);
    this.logs.set(entry.id, entry);
    this.mark("logs", entry.id);
    while (entries.length > REQUEST_LOG_LIMIT) {
      const oldest = entries.shift()!;
      this.logs.delete(oldest.id);
      this.mark("logs", oldest.id);
    }
  }

  /** The account's log entries, oldest first. */
  logsOf(accountId: string): readonly StoredLogEntry[] {
    return this.logsByAccount.get(accountId) ?? [];
  }

  /** The `ordinal` the account's next log entry takes. */
  nextLogOrdinal(accountId: string): number {
    return (this.logsOf(accountId).at(-1)?.ordinal ?? 0) + 1;
  }

  /** How many of the account's entries the bound dropped since it was created or reset. */
  droppedLogsOf(accountId: string): number {
    const entries = this.logsOf(accountId);
    return entries.length === 0 ? 0 : entries.at(-1)!.ordinal - entries.length;
  }

  /** Clears the account's request log (a reset). */
  removeLogsOf(accountId: string): void {
    for (const entry of this.logsOf(accountId)) {
      this.logs.delete(entry.id);
      this.mark("logs", entry.id);
    }
    this.logsByAccount.delete(accountId);
  }
}
