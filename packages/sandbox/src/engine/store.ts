import { deriveId, deriveUuid } from "./ids.js";
import type { ChangeJournal, JournalTable } from "./journal.js";
import { type Environment, mintKey, mintWebhookSecret } from "./keys.js";
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

/** The in-memory store: everything `snapshot()` serialises. Every mutation calls `touch()`. */
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
  faults: StoredFault[] = [];
  outcomes: StoredOutcome[] = [];
  defaultAccountId = "";
  defaultKeys: DefaultKeys = { live: "", test: "", test_read_only: "" };
  version = 0;
  /** Set by an incremental persister: the ids each mutation touched since its last commit. */
  journal: ChangeJournal | null = null;

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

  touch(): void {
    this.version++;
  }

  /** Records that a row changed (or was deleted) and bumps the version. */
  mark(table: JournalTable, id: string): void {
    this.journal?.mark(table, id);
    this.version++;
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

  addKey(key: StoredKey): void {
    this.keys.set(key.id, key);
    this.keysByHash.set(key.hash, key);
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

  /** The account's requests, oldest first. */
  requestsOf(accountId: string): StoredRequest[] {
    return [...this.requests.values()].filter((r) => r.account_id === accountId).sort((a, b) => a.seq - b.seq);
  }

  pendingOf(accountId: string): Set<string> {
    let set = this.pending.get(accountId);
    if (!set) {
      set = new Set();
      this.pending.set(accountId, set);
    }
    return set;
  }

  addDelivery(delivery: StoredDelivery): void {
    this.deliveries.set(delivery.id, delivery);
    if (delivery.status === "pending") this.pendingDeliveries.add(delivery.id);
    this.mark("deliveries", delivery.id);
  }
}
