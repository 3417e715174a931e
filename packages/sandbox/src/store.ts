import { deriveKey, type KeyKind, redactKey } from "./keys.js";
import { deriveBase62 } from "./prng.js";
import { sha256Hex } from "./sha256.js";

/** The two scopes of SPEC §1. */
export type Scope = "generate" | "read";

/** Which models a key may generate with. */
export type ModelAccess = { mode: "all" } | { mode: "include" | "exclude"; models: string[] };

/** An account (workspace). `webhook_secret` signs its webhooks. Times are epoch ms. */
export interface AccountRecord {
  id: string;
  name: string;
  balance_credits: number;
  webhook_secret: string;
  created_at: number;
}

/** A key as stored: the secret only as its SHA-256 `hash`. */
export interface KeyRecord {
  id: string;
  seq: number;
  account_id: string;
  kind: KeyKind;
  name: string;
  scopes: Scope[];
  hash: string;
  redacted_value: string;
  expires_at: number | null;
  credit_limit: number | null;
  credits_used: number;
  model_access: ModelAccess;
  allowed_ips: string[];
  disabled: boolean;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  rolled_from: string | null;
}

/** Status of a generation. */
export type GenerationStatus = "queued" | "in_progress" | "completed" | "failed" | "canceled";

/** A generation as stored; `start_at`/`end_at` plan the live pipeline on the sandbox clock. */
export interface GenerationRecord {
  id: string;
  seq: number;
  account_id: string;
  key_id: string;
  environment: "live" | "test";
  model: string;
  status: GenerationStatus;
  input: Record<string, unknown>;
  output: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  cost_credits: number;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  metadata: Record<string, string>;
  webhook_url: string | null;
  start_at: number;
  end_at: number;
  outcome: "completed" | "failed";
}

/** A recorded response for `Idempotency-Key` replays (a created key's secret is re-derived, not stored). */
export interface IdempotencyRecord {
  scope: string;
  fingerprint: string;
  created_at: number;
  status: number;
  headers: Record<string, string>;
  body: string;
  secret?: { kind: KeyKind; counter: number };
}

/** The default account's credentials, as printed by `--json`. */
export interface SandboxKeys {
  admin: string;
  live: string;
  test: string;
  test_read_only: string;
}

/** The JSON-serialisable store: what `snapshot()` returns and `restore()` takes. */
export interface SandboxSnapshot {
  version: 1;
  seed: string;
  counters: { ids: number; secrets: number; seq: number };
  clock: { offset_ms: number; last_ms: number };
  defaults: { account_id: string; keys: SandboxKeys; webhook_secret: string };
  accounts: AccountRecord[];
  keys: KeyRecord[];
  generations: GenerationRecord[];
  idempotency: IdempotencyRecord[];
}

/** The in-memory store. Every mutation calls `touch()` so listeners learn about it. */
export class Store {
  counters = { ids: 0, secrets: 0, seq: 0 };
  accounts = new Map<string, AccountRecord>();
  keys = new Map<string, KeyRecord>();
  keysByHash = new Map<string, KeyRecord>();
  generations = new Map<string, GenerationRecord>();
  /** Ids of generations not yet final, so settling does not scan every generation. */
  pending = new Set<string>();
  /** No pending generation changes state before this time, so settling earlier is a no-op. */
  nextEventAt = Number.NEGATIVE_INFINITY;
  idempotency = new Map<string, IdempotencyRecord>();
  /**
   * Each account's keys and each account + environment's generations, oldest first (seq order),
   * so a list page walks back from its cursor instead of sorting the whole store.
   */
  keysByAccount = new Map<string, KeyRecord[]>();
  generationsByScope = new Map<string, GenerationRecord[]>();
  version = 0;

  constructor(readonly seed: string) {}

  touch(): void {
    this.version++;
  }

  /** A deterministic id such as `gen_…` (the seed, the prefix and a counter). */
  nextId(prefix: string): string {
    return `${prefix}_${deriveBase62(this.seed, prefix, this.counters.ids++, 24)}`;
  }

  nextSeq(): number {
    return ++this.counters.seq;
  }

  /** A new key secret and the counter that re-derives it. */
  nextSecret(kind: KeyKind): { secret: string; counter: number } {
    const counter = this.counters.secrets++;
    return { secret: deriveKey(this.seed, kind, counter), counter };
  }

  addKey(record: KeyRecord): void {
    this.keys.set(record.id, record);
    this.keysByHash.set(record.hash, record);
    appendTo(this.keysByAccount, record.account_id, record);
    this.touch();
  }

  addGeneration(record: GenerationRecord): void {
    this.generations.set(record.id, record);
    appendTo(this.generationsByScope, `${record.account_id}:${record.environment}`, record);
    this.touch();
  }

  /** The account's keys, oldest first. */
  keysOf(accountId: string): readonly KeyRecord[] {
    return this.keysByAccount.get(accountId) ?? [];
  }

  /** The generations of an account in one environment, oldest first. */
  generationsOf(accountId: string, environment: string): readonly GenerationRecord[] {
    return this.generationsByScope.get(`${accountId}:${environment}`) ?? [];
  }

  /** A new account with its four keys, as `createAccount` and the default account need. */
  createAccount(balance: number, now: number): { account: AccountRecord; keys: SandboxKeys } {
    const id = this.nextId("acct");
    const account: AccountRecord = {
      id,
      name: "Sandbox Account",
      balance_credits: balance,
      webhook_secret: `whsec_${deriveBase62(this.seed, "whsec", this.counters.ids++, 32)}`,
      created_at: now,
    };
    this.accounts.set(id, account);
    const make = (kind: KeyKind, name: string, scopes: Scope[]): string => {
      const { secret } = this.nextSecret(kind);
      this.addKey(newKeyRecord(this, { account_id: id, kind, name, scopes, secret, now }));
      return secret;
    };
    const keys: SandboxKeys = {
      admin: make("admin", "Admin key", []),
      live: make("live", "Default live key", ["generate", "read"]),
      test: make("test", "Default test key", ["generate", "read"]),
      test_read_only: make("test", "Read-only test key", ["read"]),
    };
    this.touch();
    return { account, keys };
  }
}

/** A key record with every setting at its default; the secret is kept only as a hash. */
export function newKeyRecord(
  store: Store,
  init: { account_id: string; kind: KeyKind; name: string; scopes: Scope[]; secret: string; now: number },
): KeyRecord {
  return {
    id: store.nextId("key"),
    seq: store.nextSeq(),
    account_id: init.account_id,
    kind: init.kind,
    name: init.name,
    scopes: init.scopes,
    hash: sha256Hex(init.secret),
    redacted_value: redactKey(init.kind, init.secret),
    expires_at: null,
    credit_limit: null,
    credits_used: 0,
    model_access: { mode: "all" },
    allowed_ips: [],
    disabled: false,
    created_at: init.now,
    last_used_at: null,
    revoked_at: null,
    rolled_from: null,
  };
}

function appendTo<T>(index: Map<string, T[]>, scope: string, record: T): void {
  const list = index.get(scope);
  if (list) list.push(record);
  else index.set(scope, [record]);
}
