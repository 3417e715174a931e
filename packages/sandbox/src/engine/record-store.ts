import { ChangeJournal, type JournalTable } from "./journal.js";
import type { StoredAccount, StoredDelivery, StoredIdempotency, StoredKey, StoredRequest } from "./records.js";

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
  readonly usageWindows = new Map<string, { start: number; cutoff: number; credits: number }>();
  /** Non-terminal request ids per account, so settling does not scan every request. */
  readonly pending = new Map<string, Set<string>>();
  readonly idempotency = new Map<string, StoredIdempotency>();
  readonly deliveries = new Map<string, StoredDelivery>();
  /** Ids of deliveries still `pending`, so due attempts are found without scanning the log. */
  readonly pendingDeliveries = new Set<string>();
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
    if (window && request.charged) window.credits += request.cost;
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
}
