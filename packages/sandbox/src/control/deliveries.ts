import { invalidRequest, notFound } from "../http/errors.js";
import { checkOptions } from "../http/options.js";
import { toRfc3339, toRfc3339OrNull } from "../engine/clock.js";
import type { StoredDelivery } from "../engine/records.js";
import type { SandboxState } from "../engine/state.js";
import { attemptDelivery } from "../engine/webhooks.js";
import { findAccount } from "./accounts.js";
import type { WebhookDelivery } from "./types.js";

/** The console's view of a delivery. */
function serializeDelivery(delivery: StoredDelivery): WebhookDelivery {
  const last = delivery.attempts.at(-1);
  return {
    id: delivery.id,
    account_id: delivery.account_id,
    request_id: delivery.request_id,
    url: delivery.url,
    event: delivery.event,
    status: delivery.status,
    attempts: delivery.attempts.length,
    last_status: last?.status ?? null,
    last_error: last?.error ?? null,
    next_attempt_at: toRfc3339OrNull(delivery.next_attempt_at),
    created_at: toRfc3339(delivery.created_at),
    history: delivery.attempts.map((attempt) => ({ ...attempt, at: toRfc3339(attempt.at) })),
    // The body is the sandbox's own JSON.stringify of a WebhookEvent (engine/webhooks.ts).
    payload: JSON.parse(delivery.body) as WebhookDelivery["payload"],
  };
}

/** The delivery log (of one account, or all), newest first. */
export function webhookDeliveries(state: SandboxState, options?: { account_id?: string }): WebhookDelivery[] {
  const { account_id: accountId } = checkOptions(options, ["account_id"]);
  const account = accountId === undefined ? undefined : findAccount(state, accountId);
  return [...state.store.deliveries.values()]
    .filter((delivery) => account === undefined || delivery.account_id === account.account_id)
    .sort((a, b) => b.seq - a.seq)
    .map(serializeDelivery);
}

/**
 * Sends a delivery again now (same id, same body, a fresh signature); past the retry budget a
 * failure leaves it `failed`. A delivery never sent (non-loopback URL) stays unsent: 400.
 */
export function redeliverWebhook(state: SandboxState, deliveryId: string): WebhookDelivery {
  const delivery = state.store.deliveries.get(deliveryId);
  if (!delivery) throw notFound(`No webhook delivery with id ${JSON.stringify(String(deliveryId)).slice(0, 64)}.`);
  if (delivery.status === "not_sent") {
    throw invalidRequest(
      "This delivery's URL is not a loopback host; the sandbox never sends traffic off the machine.",
    );
  }
  state.store.updateDelivery(delivery, { status: "pending", next_attempt_at: state.clock.now(delivery.account_id) });
  void attemptDelivery(state, delivery);
  return serializeDelivery(delivery);
}
