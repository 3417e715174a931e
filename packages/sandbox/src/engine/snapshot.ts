import { withAccountDefaults } from "./account-settings.js";
import type {
  StoredAccount,
  StoredChat,
  StoredDelivery,
  StoredFault,
  StoredIdempotency,
  StoredKey,
  StoredOutcome,
  StoredRequest,
} from "./records.js";
import type { StoredLogEntry } from "./request-log.js";
import type { ChatReplyScript } from "./scripted-replies.js";
import type { SandboxState } from "./state.js";
import { type DefaultKeys, Store, type StoreCounters } from "./store.js";

/**
 * The JSON-serialisable state of a sandbox: what `snapshot()` returns and `restore()` takes (the
 * Node server's `--state` file). No key secret but the default keys. Treat it as opaque.
 */
export interface SandboxSnapshot {
  readonly version: 2;
  readonly seed: string;
  readonly [field: string]: unknown;
}

/** The snapshot's actual content. */
type SnapshotData = {
  version: 2;
  seed: string;
  counters: StoreCounters;
  clock: { global_offset_ms: number; offsets_ms: Record<string, number> };
  default_account_id: string;
  default_keys: DefaultKeys;
  accounts: StoredAccount[];
  keys: StoredKey[];
  requests: StoredRequest[];
  idempotency: StoredIdempotency[];
  deliveries: StoredDelivery[];
  /** Absent in snapshots older than the gateway. */
  chats?: StoredChat[];
  /** The request log, oldest first; absent in snapshots older than it. */
  logs?: StoredLogEntry[];
  faults: StoredFault[];
  outcomes: StoredOutcome[];
  /** Scripted chat replies still armed; absent in snapshots older than them. */
  chat_replies?: ChatReplyScript[];
};

/** The state's store as a snapshot. */
export function takeSnapshot(state: SandboxState): SandboxSnapshot {
  const store = state.store;
  const data: SnapshotData = structuredClone({
    version: 2 as const,
    seed: state.seed,
    counters: store.counters,
    clock: { global_offset_ms: state.clock.globalOffset, offsets_ms: Object.fromEntries(state.clock.offsets) },
    default_account_id: store.defaultAccountId,
    default_keys: store.defaultKeys,
    accounts: [...store.accounts.values()],
    keys: [...store.keys.values()],
    requests: [...store.requests.values()],
    idempotency: [...store.idempotency.values()],
    deliveries: [...store.deliveries.values()],
    chats: [...store.chats.values()],
    logs: [...store.logs.values()],
    faults: [...store.faults],
    outcomes: [...store.outcomes],
    chat_replies: [...store.chatReplies],
  });
  return data;
}

/** The clock offsets a snapshot carries. */
export function snapshotOffsets(snapshot: SandboxSnapshot): { global: number; accounts: Record<string, number> } {
  const clock = (snapshot as unknown as Partial<SnapshotData>).clock;
  return { global: clock?.global_offset_ms ?? 0, accounts: { ...(clock?.offsets_ms ?? {}) } };
}

/**
 * A store rebuilt from a snapshot (throws a TypeError on anything but a version 2 snapshot).
 * `deterministic` is the restoring sandbox's option, not the snapshot's: the counters carry on
 * from the snapshot's, so deterministic ids continue where they stopped.
 */
export function storeFromSnapshot(snapshot: SandboxSnapshot, deterministic: boolean): Store {
  if (snapshot?.version !== 2 || typeof snapshot.seed !== "string" || !Array.isArray(snapshot.accounts)) {
    throw new TypeError("Unsupported sandbox snapshot (expected version 2).");
  }
  const copy = structuredClone(snapshot) as unknown as SnapshotData;
  const store = new Store(copy.seed, deterministic);
  store.load({
    counters: copy.counters,
    defaultAccountId: copy.default_account_id,
    defaultKeys: copy.default_keys,
    accounts: copy.accounts.map(withAccountDefaults),
    keys: copy.keys,
    requests: copy.requests,
    idempotency: copy.idempotency,
    deliveries: copy.deliveries,
    chats: copy.chats ?? [],
    logs: copy.logs ?? [],
    faults: copy.faults ?? [],
    outcomes: copy.outcomes ?? [],
    chatReplies: copy.chat_replies ?? [],
  });
  return store;
}
