import { findModel, isGenerationModel } from "../catalog/models.js";
import type { GenerationCatalogEntry } from "../catalog/types.js";
import { checkModelAccess } from "../engine/key-policy.js";
import { confirmCaller } from "../engine/auth.js";
import { echo, invalidRequest, notFound } from "../http/errors.js";
import { rejectUnknownFields } from "../http/body.js";
import { resultBody } from "../engine/result-body.js";
import { callerOf, type RouteContext, type RouteResult } from "../engine/route-context.js";
import { requireSubscription, reserveCredits } from "../engine/credits.js";
import { validateInput } from "../engine/input.js";
import { finish, planTimes, settleAccount, viewOf } from "../engine/lifecycle.js";
import { priceOf } from "../engine/pricing.js";
import type { StoredRequest } from "../engine/records.js";
import type { SandboxState } from "../engine/state.js";
import { isLoopbackUrl } from "../engine/webhooks.js";

/** `webhook_url` (SPEC §2 D): https, or http on a loopback host; 400 otherwise. */
function checkWebhookUrl(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length > 2048)
    throw invalidRequest("webhook_url must be a URL string (at most 2048 characters).");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidRequest("webhook_url is not a valid URL.");
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopbackUrl(value))) return value;
  throw invalidRequest("webhook_url must use https (or http on a loopback host such as 127.0.0.1).");
}

/** The body's `input`: present and an object (its shape is part of the body, checked before the model). */
export function inputOf(
  body: Record<string, unknown> | undefined,
  allowed: readonly string[],
): Record<string, unknown> {
  if (body === undefined) throw invalidRequest("The request body must be a JSON object with an `input` object.");
  rejectUnknownFields(body, allowed);
  const input = body.input;
  if (input === undefined) throw invalidRequest("input is required.");
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw invalidRequest("input must be an object.");
  return input as Record<string, unknown>;
}

/** The generation model a public path names: 404 unknown, 403 outside the key's access, 400 for a text model. */
export function generationModelOf(context: RouteContext): GenerationCatalogEntry {
  const slug = context.params.model ?? "";
  const model = findModel(slug);
  if (!model) throw notFound(`No model named ${JSON.stringify(echo(slug))}.`);
  checkModelAccess(callerOf(context).key, model.id);
  if (!isGenerationModel(model)) {
    throw invalidRequest(`${model.id} is a text model: use POST /v1/chat/completions, not the generation queue.`);
  }
  return model;
}

/** `POST /v1/models/{model}`: 200 SubmitResponse (live `IN_QUEUE`, test `COMPLETED` at once). */
export function submit(context: RouteContext): RouteResult {
  const { state, now, base } = context;
  const { key, account } = callerOf(context);
  const rawInput = inputOf(context.body, ["input", "webhook_url"]);
  const webhookUrl = checkWebhookUrl(context.body?.webhook_url);
  const model = generationModelOf(context);
  const { input, warnings } = validateInput(model, rawInput, { strict: account.strict_inputs });
  const cost = priceOf(model, input);
  const live = key.environment === "live";
  // Right before the charge, with no wait in between: a change to the key since it was
  // authenticated (revoked, disabled, expired, `generate` removed) is honoured.
  confirmCaller(state, callerOf(context), "generate");
  requireSubscription(account, key);
  if (live) reserveCredits(state.store, account, key, cost);
  const forced = state.store.takeOutcome(model.slug, account.account_id, key.environment);
  const times = live ? planTimes(model, input, now, forced === "SLOW") : { start_at: now, end_at: now };
  const request: StoredRequest = {
    request_id: state.store.nextRequestId(),
    seq: state.store.nextSeq(),
    account_id: account.account_id,
    key_id: key.id,
    environment: key.environment,
    model: model.slug,
    input,
    warnings,
    webhook_url: webhookUrl,
    base_url: base,
    cost,
    charged: live,
    created_at: now,
    ...times,
    outcome: forced === "FAILED" || forced === "CANCELED" ? forced : "COMPLETED",
    status: null,
    completed_at: null,
    error: null,
  };
  state.store.addRequest(request);
  if (live) wakeAt(state, request);
  else finish(state, request, request.outcome, now);
  const view = viewOf(request, now);
  return {
    status: 200,
    body: {
      request_id: request.request_id,
      status: view.status,
      queue_position: live ? (view.queue_position ?? 0) : 0,
      status_url: `${base}/v1/requests/${request.request_id}/status`,
      response_url: `${base}/v1/requests/${request.request_id}`,
      cost,
    },
    log: { request_id: request.request_id, warnings },
  };
}

/** Settles the request's account when its end comes, so webhooks fire without polling. */
function wakeAt(state: SandboxState, request: StoredRequest): void {
  const store = state.store;
  state.clock.schedule(
    () => {
      if (state.store !== store) return;
      settleAccount(state, request.account_id);
      state.changed();
    },
    request.end_at - state.clock.now(request.account_id) + 1,
  );
}

/** The caller's request: another account's or environment's is indistinguishable from a missing one (404). */
function findRequest(context: RouteContext): StoredRequest {
  const { key } = callerOf(context);
  const id = context.params.request_id ?? "";
  const request = context.state.store.requests.get(id);
  if (!request || request.account_id !== key.account_id || request.environment !== key.environment) {
    throw notFound(`No request with id ${JSON.stringify(echo(id))}.`);
  }
  return request;
}

/** `GET /v1/requests/{request_id}/status`: 200 whatever the status. */
export function status(context: RouteContext): RouteResult {
  const request = findRequest(context);
  const view = viewOf(request, context.now);
  return {
    status: 200,
    body: { request_id: request.request_id, ...view, logs: [] },
    log: { request_id: request.request_id },
  };
}

/** `GET /v1/requests/{request_id}`: 200 ResultResponse once terminal, 202 while pending. */
export function result(context: RouteContext): RouteResult {
  const request = findRequest(context);
  if (request.status === null) {
    return {
      status: 202,
      body: { request_id: request.request_id, ...viewOf(request, context.now) },
      log: { request_id: request.request_id },
    };
  }
  return { status: 200, body: resultBody(request, context.base), log: { request_id: request.request_id } };
}
