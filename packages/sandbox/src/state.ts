import type { SandboxClock } from "./clock.js";
import type { FaultRecord } from "./faults.js";
import type { SandboxKeys, Store } from "./store.js";

/** The fetch a sandbox uses to deliver webhooks. */
export type WebhookFetch = (input: Request) => Promise<Response>;

/** Everything one sandbox instance holds; `store` is the part `snapshot()` serialises. */
export interface SandboxState {
  seed: string;
  store: Store;
  clock: SandboxClock;
  faults: FaultRecord[];
  faultCounter: number;
  requestCounter: number;
  /** `Idempotency-Key` reservations of requests still running: scope → fingerprint. */
  inFlight: Map<string, string>;
  defaults: { accountId: string; keys: SandboxKeys; webhookSecret: string };
  fetch: WebhookFetch;
  clientIp: string;
  /** Asks for a settle at a sandbox time, so webhooks fire without polling. */
  wake?: (atMs: number) => void;
  /** Sandbox time of the last sweep of expired idempotency records. */
  lastIdempotencySweep: number;
}
