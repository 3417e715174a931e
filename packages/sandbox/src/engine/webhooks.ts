import { sampleOutput } from "../catalog/media.js";
import { findModel, isGenerationModel } from "../catalog/models.js";
import { isLoopbackHostname } from "./loopback.js";
import type { StoredDelivery, StoredRequest } from "./records.js";
import { signWebhook } from "./sign-webhook.js";
import type { SandboxState } from "./state.js";
import { WebhookNotSent } from "./webhook-target.js";

// Webhook deliveries (SPEC §2): a 2xx within 10 s, otherwise retried with exponential backoff on
// the sandbox clock, at most 6 retries. Signed with the real time: receivers compare it with theirs.

/** A receiver has this long to answer (real time). */
const WEBHOOK_TIMEOUT_MS = 10_000;
/** Retries after the first attempt. */
const MAX_WEBHOOK_RETRIES = 6;
/** Attempts on the wire at once, per sandbox; the others wait their turn (hanging receivers hold no more). */
const MAX_CONCURRENT_DELIVERIES = 16;

/** Per sandbox: the attempts on the wire, those waiting for a slot, and the switch that stops them all. */
interface Outbound {
  active: number;
  waiting: Array<() => void>;
  stop: AbortController;
  /** The controllers of the attempts on the wire, aborted by `stopDeliveries`. */
  onTheWire: Set<AbortController>;
}
const OUTBOUND = new WeakMap<SandboxState, Outbound>();

function outboundOf(state: SandboxState): Outbound {
  let outbound = OUTBOUND.get(state);
  if (!outbound) {
    outbound = { active: 0, waiting: [], stop: new AbortController(), onTheWire: new Set() };
    OUTBOUND.set(state, outbound);
  }
  return outbound;
}

/** Waits for a free delivery slot; false once deliveries were stopped. */
async function acquireSlot(outbound: Outbound): Promise<boolean> {
  if (outbound.stop.signal.aborted) return false;
  if (outbound.active < MAX_CONCURRENT_DELIVERIES) {
    outbound.active++;
    return true;
  }
  await new Promise<void>((resolve) => outbound.waiting.push(resolve));
  if (outbound.stop.signal.aborted) return false;
  outbound.active++;
  return true;
}

function releaseSlot(outbound: Outbound): void {
  outbound.active--;
  outbound.waiting.shift()?.();
}

/**
 * Aborts every attempt on the wire and every one waiting, for good (the Node server's close: a
 * shutdown never waits on a receiver). Aborted attempts are not recorded: their deliveries stay
 * pending and are attempted again by the next server on the same state.
 */
export function stopDeliveries(state: SandboxState): void {
  const outbound = outboundOf(state);
  outbound.stop.abort();
  for (const attempt of outbound.onTheWire) attempt.abort(outbound.stop.signal.reason);
  for (const resolve of outbound.waiting.splice(0)) resolve();
}

/** Sandbox-clock delay before retry `n` (1-based): 10 s, 20 s, 40 s, 80 s, 160 s, 320 s. */
function retryDelayMs(retry: number): number {
  return 10_000 * 2 ** (retry - 1);
}

/**
 * Whether a URL's host reads as loopback (the only hosts the sandbox sends to by default). A name
 * (`localhost`, `*.localhost`) is checked again when sent: the webhook fetch resolves it and sends
 * only when every address is loopback (`loopbackAddresses`), else the delivery is not sent.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return isLoopbackHostname(host);
}

/** The OK / ERROR payload of a terminal request. */
function payloadOf(request: StoredRequest): { event: "OK" | "ERROR"; body: string } {
  if (request.status === "COMPLETED") {
    const model = findModel(request.model);
    const output = model && isGenerationModel(model) ? sampleOutput(model, request.input, request.base_url) : null;
    const payload = { model: request.model, output, cost: request.cost };
    return { event: "OK", body: JSON.stringify({ request_id: request.request_id, status: "OK", payload }) };
  }
  return {
    event: "ERROR",
    body: JSON.stringify({ request_id: request.request_id, status: "ERROR", error: request.error }),
  };
}

/** Records the delivery of a terminal request's webhook and makes its first attempt. */
export function enqueueWebhook(state: SandboxState, request: StoredRequest, at: number): void {
  if (request.webhook_url === null) return;
  const sendable = state.deliverAnywhere || isLoopbackUrl(request.webhook_url);
  const delivery: StoredDelivery = {
    id: state.store.nextDeliveryId(),
    seq: state.store.nextSeq(),
    account_id: request.account_id,
    request_id: request.request_id,
    url: request.webhook_url,
    ...payloadOf(request),
    status: sendable ? "pending" : "not_sent",
    attempts: [],
    next_attempt_at: sendable ? at : null,
    created_at: at,
  };
  state.store.addDelivery(delivery);
  if (sendable) void attemptDelivery(state, delivery);
}

/** Attempts every pending delivery of the account whose next attempt is due. */
export function runDueDeliveries(state: SandboxState, accountId: string): void {
  if (state.store.pendingDeliveries.size === 0) return;
  let now: number | undefined;
  for (const id of [...state.store.pendingDeliveries]) {
    // The store keeps `pendingDeliveries` in step with each delivery's status.
    const delivery = state.store.deliveries.get(id);
    if (!delivery) continue;
    if (delivery.account_id !== accountId || delivery.next_attempt_at === null) continue;
    now ??= state.clock.now(accountId);
    if (delivery.next_attempt_at <= now) void attemptDelivery(state, delivery);
  }
}

/** One attempt on the wire; records it, then schedules the next retry or settles the delivery. */
export async function attemptDelivery(state: SandboxState, delivery: StoredDelivery): Promise<void> {
  if (state.delivering.has(delivery.id)) return;
  const account = state.store.accounts.get(delivery.account_id);
  if (!account) return;
  state.delivering.add(delivery.id);
  const store = state.store;
  const outbound = outboundOf(state);
  if (!(await acquireSlot(outbound))) {
    state.delivering.delete(delivery.id);
    return;
  }
  const at = state.clock.now(delivery.account_id);
  let status: number | null = null;
  let error: string | null = null;
  let refused = false;
  // A timer-held controller, not AbortSignal.timeout/any: those hold their sources weakly, and a
  // collected timeout signal never fires (seen under GC pressure: an attempt hung for ever).
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new DOMException("The receiver did not answer in time.", "TimeoutError")),
    WEBHOOK_TIMEOUT_MS,
  );
  (timer as { unref?: () => void }).unref?.();
  // Kept in a set rather than as listeners on the stop signal: up to 16 attempts at once would
  // exceed an EventTarget's listener warning threshold.
  outbound.onTheWire.add(abort);
  try {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = await signWebhook(delivery.body, account.webhook_secret, timestamp);
    const request = new Request(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Clipia-Webhooks/1.0 (sandbox)",
        "x-clipia-webhook-id": delivery.id,
        "x-clipia-timestamp": String(timestamp),
        "x-clipia-signature": signature,
      },
      body: delivery.body,
      // A redirect is never followed: its target is a URL the webhook_url check never saw.
      redirect: "manual",
      signal: abort.signal,
    });
    const response = await state.deliver(request);
    status = response.status;
    if (response.type === "opaqueredirect" || (status >= 300 && status < 400)) {
      error = "redirect not followed";
      if (status === 0) status = null;
    }
    // Not awaited: under MSW the body is one branch of a tee, whose cancel settles only with the other.
    response.body?.cancel().catch(() => undefined);
  } catch (caught) {
    refused = caught instanceof WebhookNotSent;
    const name = (caught as { name?: string } | null)?.name;
    error = name === "TimeoutError" || name === "AbortError" ? "no answer within 10 s" : "connection failed";
  } finally {
    clearTimeout(timer);
    outbound.onTheWire.delete(abort);
    state.delivering.delete(delivery.id);
    releaseSlot(outbound);
  }
  // Stopped by a shutdown: not an attempt of the receiver's; the delivery stays due.
  if (outbound.stop.signal.aborted) return;
  // A reset while the attempt was on the wire dropped this delivery: nothing to record.
  if (state.store !== store || store.deliveries.get(delivery.id) !== delivery) return;
  // The name resolved off the machine: not sent, as a non-loopback URL (no attempt, no retry).
  if (refused) {
    store.updateDelivery(delivery, { status: "not_sent", next_attempt_at: null });
    state.changed();
    return;
  }
  const attempt = delivery.attempts.length + 1;
  const attempts = [...delivery.attempts, { attempt, at, status, error }];
  if (error === null && status !== null && status >= 200 && status < 300) {
    store.updateDelivery(delivery, { attempts, status: "delivered", next_attempt_at: null });
  } else if (attempt <= MAX_WEBHOOK_RETRIES) {
    const nextAttemptAt = at + retryDelayMs(attempt);
    store.updateDelivery(delivery, { attempts, status: "pending", next_attempt_at: nextAttemptAt });
    const accountId = delivery.account_id;
    state.clock.schedule(() => runDueDeliveries(state, accountId), nextAttemptAt - state.clock.now(accountId));
  } else {
    store.updateDelivery(delivery, { attempts, status: "failed", next_attempt_at: null });
  }
  state.changed();
}
