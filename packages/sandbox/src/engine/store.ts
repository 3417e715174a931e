import { deriveId, deriveUuid } from "./ids.js";
import { takeFault } from "./faults.js";
import { ChangeJournal, type JournalTable } from "./journal.js";
import { type Environment, mintKey, mintWebhookSecret } from "./keys.js";
import { takeOutcome } from "./outcomes.js";
import type {
  StoredAccount,
  StoredDelivery,
  StoredFault,
  StoredIdempotency,
  StoredKey,
  StoredOutcome,
  StoredRequest,
} from "./records.js";

/** The default account's keys (public: the default seed's are printed in the docs). */
export interface DefaultKeys {
  live: string;
  test: string;
  test_read_only: string;
}

/** Counters every deterministic id and secret derives from (with the seed). */
export interface StoreCounters {
  ids: number;
  live: number;
  test: number;
  whsec: number;
  requests: number;
  deliveries: number;
  seq: number;
}

/** The part of a store a snapshot rebuilds it from (engine/snapshot.ts). */
export interface StoreContents {
  counters: StoreCounters;
  defaultAccountId: string;
  defaultKeys: DefaultKeys;
  accounts: readonly StoredAccount[];
  keys: readonly StoredKey[];
  requests: readonly StoredRequest[];
  idempotency: readonly StoredIdempotency[];
  deliveries: readonly StoredDelivery[];
  faults: StoredFault[];
  outcomes: StoredOutcome[];
}

/**
 * The in-memory store: everything `snapshot()` serialises. It is the only writer of its records:
 * every change goes through one of the methods below, which keeps the indexes in step, counts the
 * change (`version`, for `onChange`) and marks the changed row for an incremental persister (the
 * `--state` database), so whether a change is saved never rests on a caller remembering to say so.
 * The maps are readable by anyone; only this class writes them.
 */
export class Store {
  counters: StoreCounters = { ids: 0, live: 0, test: 0, whsec: 0, requests: 0, deliveries: 0, seq: 0 };
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
  private faultList: StoredFault[] = [];
  private outcomeList: StoredOutcome[] = [];
  private defaultAccount = "";
  private defaultKeySecrets: DefaultKeys = { live: "", test: "", test_read_only: "" };
  private changes = 0;
  private journal: ChangeJournal | null = null;

  /**
   * `deterministic`: request and delivery ids derive from the seed and counters (the same every
   * run, for snapshot tests). Otherwise they are random UUIDs, so an application database that
   * outlives a sandbox restart never sees an id twice (SPEC §5.1). Keys, secrets and outputs
   * derive from the seed either way.
   */
  constructor(
    readonly seed: string,
    readonly deterministic = false,
  ) {}

  /** Counts every change; `onChange` listeners run when it moved. */
  get version(): number {
    return this.changes;
  }

  /** Injected faults still armed, oldest first. */
  get faults(): readonly StoredFault[] {
    return this.faultList;
  }

  /** Forced outcomes still armed, oldest first. */
  get outcomes(): readonly StoredOutcome[] {
    return this.outcomeList;
  }

  get defaultAccountId(): string {
    return this.defaultAccount;
  }

  /** The default account's keys (public: the default seed's are printed in the docs). */
  get defaultKeys(): DefaultKeys {
    return this.defaultKeySecrets;
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

  /** Fills a new store from a snapshot's records (engine/snapshot.ts), indexes included. */
  load(contents: StoreContents): void {
    this.counters = { ...contents.counters };
    this.defaultAccount = contents.defaultAccountId;
    this.defaultKeySecrets = { ...contents.defaultKeys };
    for (const account of contents.accounts) this.addAccount(account);
    for (const key of contents.keys) this.addKey(key);
    for (const request of [...contents.requests].sort((a, b) => a.seq - b.seq)) this.addRequest(request);
    for (const record of contents.idempotency) this.putIdempotency(record);
    for (const delivery of contents.deliveries) this.addDelivery(delivery);
    this.faultList = contents.faults;
    this.outcomeList = contents.outcomes;
  }

  /** Names the default account and its keys (a fresh store's first account). */
  setDefaultAccount(accountId: string, keys: DefaultKeys): void {
    this.defaultAccount = accountId;
    this.defaultKeySecrets = keys;
    this.touch();
  }

  nextId(prefix: string): string {
    return deriveId(this.seed, prefix, this.counters.ids++);
  }

  nextSeq(): number {
    return ++this.counters.seq;
  }

  nextKeySecret(environment: Environment): string {
    return mintKey(this.seed, environment, this.counters[environment]++);
  }

  nextWebhookSecret(): string {
    return mintWebhookSecret(this.seed, this.counters.whsec++);
  }

  nextRequestId(): string {
    return this.clientStoredId("request", this.counters.requests++);
  }

  nextDeliveryId(): string {
    return this.clientStoredId("delivery", this.counters.deliveries++);
  }

  /** An id clients keep (a `request_id`, a webhook delivery id); the counter moves either way. */
  private clientStoredId(label: string, counter: number): string {
    // Web Crypto (no node: import): the package root runs anywhere fetch does.
    return this.deterministic ? deriveUuid(this.seed, label, counter) : globalThis.crypto.randomUUID();
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
  updateRequest(request: StoredRequest, patch: Partial<Omit<StoredRequest, "request_id" | "account_id" | "key_id">>): void {
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

  addFault(fault: StoredFault): void {
    this.faultList.push(fault);
    this.touch();
  }

  /** Takes the first fault matching a request, counting it down (see engine/faults.ts). */
  takeFault(method: string, path: string, accountId: string | null): StoredFault | null {
    const fault = takeFault(this.faultList, method, path, accountId);
    if (fault) this.touch();
    return fault;
  }

  addOutcome(outcome: StoredOutcome): void {
    this.outcomeList.push(outcome);
    this.touch();
  }

  /** Takes the first outcome forced on a submission, counting it down (see engine/outcomes.ts). */
  takeOutcome(model: string, accountId: string, environment: Environment): StoredOutcome["outcome"] | null {
    const outcome = takeOutcome(this.outcomeList, model, accountId, environment);
    if (outcome) this.touch();
    return outcome;
  }

  /** Drops the faults and outcomes aimed at one account. */
  removeRulesOf(accountId: string): void {
    this.faultList = this.faultList.filter((fault) => fault.account_id !== accountId);
    this.outcomeList = this.outcomeList.filter((outcome) => outcome.account_id !== accountId);
    this.touch();
  }
}
