import { deriveHex, deriveId, deriveUuid } from "./ids.js";
import { takeFault } from "./faults.js";
import { type Environment, mintKey, mintWebhookSecret } from "./keys.js";
import { takeOutcome } from "./outcomes.js";
import { type ChatReplyScript, type ScriptedReply, takeScriptedReply } from "./scripted-replies.js";
import { RecordStore } from "./record-store.js";
import type { StoredLogEntry } from "./request-log.js";
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
  /** Chat completion ids (absent in snapshots older than the gateway). */
  chats: number;
  /** Request log entry ids (absent in snapshots older than the request log). */
  logs: number;
}

/** The part of a store a snapshot rebuilds it from (engine/snapshot.ts). */
interface StoreContents {
  counters: StoreCounters;
  defaultAccountId: string;
  defaultKeys: DefaultKeys;
  accounts: readonly StoredAccount[];
  keys: readonly StoredKey[];
  requests: readonly StoredRequest[];
  idempotency: readonly StoredIdempotency[];
  deliveries: readonly StoredDelivery[];
  chats: readonly StoredChat[];
  logs: readonly StoredLogEntry[];
  faults: StoredFault[];
  outcomes: StoredOutcome[];
  chatReplies: ChatReplyScript[];
}

/**
 * The in-memory store: everything `snapshot()` serialises. Its records, their indexes and the
 * change tracking live in `RecordStore` (engine/record-store.ts); this adds the counters every id
 * derives from, the default account, and the armed faults, outcomes and scripted chat replies. It is the only writer of
 * its records: every change goes through one of its methods, which counts the change (`version`,
 * for `onChange`) and marks the changed row for an incremental persister (the `--state` database),
 * so whether a change is saved never rests on a caller remembering to say so.
 */
export class Store extends RecordStore {
  counters: StoreCounters = {
    ids: 0,
    live: 0,
    test: 0,
    whsec: 0,
    requests: 0,
    deliveries: 0,
    seq: 0,
    chats: 0,
    logs: 0,
  };
  private faultList: StoredFault[] = [];
  private outcomeList: StoredOutcome[] = [];
  private chatReplyList: ChatReplyScript[] = [];
  private defaultAccount = "";
  private defaultKeySecrets: DefaultKeys = { live: "", test: "", test_read_only: "" };

  /**
   * `deterministic`: request and delivery ids derive from the seed and counters (the same every
   * run, for snapshot tests). Otherwise they are random UUIDs, so an application database that
   * outlives a sandbox restart never sees an id twice (SPEC §5.1). Keys, secrets and outputs
   * derive from the seed either way.
   */
  constructor(
    readonly seed: string,
    readonly deterministic = false,
  ) {
    // A log entry's id is derived when first read, from the counter it was logged at (`nextLogSeq`).
    super((seq) => deriveId(seed, "log", seq));
  }

  /** Injected faults still armed, oldest first. */
  get faults(): readonly StoredFault[] {
    return this.faultList;
  }

  /** Forced outcomes still armed, oldest first. */
  get outcomes(): readonly StoredOutcome[] {
    return this.outcomeList;
  }

  /** Scripted chat replies still armed, oldest script first. */
  get chatReplies(): readonly ChatReplyScript[] {
    return this.chatReplyList;
  }

  get defaultAccountId(): string {
    return this.defaultAccount;
  }

  /** The default account's keys (public: the default seed's are printed in the docs). */
  get defaultKeys(): DefaultKeys {
    return this.defaultKeySecrets;
  }

  /** Fills a new store from a snapshot's records (engine/snapshot.ts), indexes included. */
  load(contents: StoreContents): void {
    this.counters = { ...contents.counters, chats: contents.counters.chats ?? 0, logs: contents.counters.logs ?? 0 };
    this.defaultAccount = contents.defaultAccountId;
    this.defaultKeySecrets = { ...contents.defaultKeys };
    for (const account of contents.accounts) this.addAccount(account);
    for (const key of contents.keys) this.addKey(key);
    for (const request of [...contents.requests].sort((a, b) => a.seq - b.seq)) this.addRequest(request);
    for (const record of contents.idempotency) this.putIdempotency(record);
    for (const delivery of contents.deliveries) this.addDelivery(delivery);
    for (const chat of [...contents.chats].sort((a, b) => a.seq - b.seq)) this.addChat(chat);
    for (const entry of [...contents.logs].sort((a, b) => a.seq - b.seq)) this.addLog(entry);
    this.faultList = contents.faults;
    this.outcomeList = contents.outcomes;
    this.chatReplyList = contents.chatReplies;
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

  /**
   * A chat completion id: `chatcmpl-` + 12 hex, like the docs' `chatcmpl-3f9a1c7e2b41`. Random
   * unless `deterministic` (then from the seed and counter), as request ids are.
   */
  nextChatId(): string {
    const counter = this.counters.chats++;
    if (this.deterministic) return `chatcmpl-${deriveHex(this.seed, "chat", counter, 12)}`;
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
    return `chatcmpl-${[...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
  }

  /** A request log entry's place in the store's order; its id derives from it (`logIdOf`). */
  nextLogSeq(): number {
    return this.counters.logs++;
  }

  nextDeliveryId(): string {
    return this.clientStoredId("delivery", this.counters.deliveries++);
  }

  /** An id clients keep (a `request_id`, a webhook delivery id); the counter moves either way. */
  private clientStoredId(label: string, counter: number): string {
    // Web Crypto (no node: import): the package root runs anywhere fetch does.
    return this.deterministic ? deriveUuid(this.seed, label, counter) : globalThis.crypto.randomUUID();
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

  addChatReplies(script: ChatReplyScript): void {
    this.chatReplyList.push(script);
    this.touch();
  }

  /** Takes the scripted reply of a chat completion, if one is armed (see engine/scripted-replies.ts). */
  takeChatReply(model: string, accountId: string): ScriptedReply | null {
    const reply = takeScriptedReply(this.chatReplyList, model, accountId);
    if (reply) this.touch();
    return reply;
  }

  /** Drops the faults, outcomes and scripted chat replies aimed at one account. */
  removeRulesOf(accountId: string): void {
    this.faultList = this.faultList.filter((fault) => fault.account_id !== accountId);
    this.outcomeList = this.outcomeList.filter((outcome) => outcome.account_id !== accountId);
    this.chatReplyList = this.chatReplyList.filter((script) => script.account_id !== accountId);
    this.touch();
  }
}
