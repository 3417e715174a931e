import type { SandboxClock } from "./clock.js";
import type { Store } from "./store.js";

/** The fetch a sandbox delivers webhooks with. */
export type WebhookFetch = (request: Request) => Promise<Response>;

/** Everything one sandbox instance holds; `store` is the part `snapshot()` serialises. */
export interface SandboxState {
  seed: string;
  store: Store;
  clock: SandboxClock;
  /** Client IP when a transport gives none. */
  clientIp: string;
  /** Delivers webhooks. */
  deliver: WebhookFetch;
  /** True when `deliver` came from the caller: every URL is delivered through it, loopback or not. */
  deliverAnywhere: boolean;
  /** `Idempotency-Key` reservations of requests still running: scope → fingerprint. */
  inFlight: Map<string, string>;
  /** Fixed rate-limit windows per key id. */
  rateWindows: Map<string, { start: number; count: number }>;
  /** Sandbox time of the last sweep of expired idempotency records. */
  lastIdempotencySweep: number;
  /** Deliveries with an attempt on the wire. */
  delivering: Set<string>;
  /** Runs after anything changed the store outside a request (timers, deliveries). */
  changed(): void;
}
