import { costOf, findModel } from "./catalog.js";
import { ApiError, echo, invalidRequest } from "./errors.js";
import { finish, planTimes, refund, serializeGeneration, wantsFailure } from "./generation-pipeline.js";
import { checkInputObject, validateInput } from "./input-validator.js";
import { isModelAllowed } from "./models.js";
import { pageNewestFirst, parseListQuery } from "./pagination.js";
import { callerOf, rejectUnknownFields, type RouteContext, type RouteResult } from "./route.js";
import type { GenerationRecord, GenerationStatus } from "./store.js";
import { checkWebhookUrl } from "./webhooks.js";

const STATUSES: readonly GenerationStatus[] = ["queued", "in_progress", "completed", "failed", "canceled"];

function checkMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalidRequest("metadata", "metadata must be an object of strings.");
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 16) throw invalidRequest("metadata", "metadata has at most 16 keys.");
  for (const [key, item] of entries) {
    const param = `metadata.${key}`;
    if (key.length === 0 || key.length > 40) throw invalidRequest(param, "metadata keys are 1 to 40 characters.");
    if (typeof item !== "string") throw invalidRequest(param, `${param} must be a string.`);
    if (item.length > 500) throw invalidRequest(param, `${param} is at most 500 characters.`);
  }
  return { ...(value as Record<string, string>) };
}

/** `POST /v1/models/{model}`: live 202 queued, test 200 already final. */
export function createGeneration(context: RouteContext): RouteResult {
  const { state, body, now } = context;
  const { key, account } = callerOf(context);
  rejectUnknownFields(body, ["input", "webhook_url", "metadata"]);
  const webhookUrl = checkWebhookUrl(body?.webhook_url);
  const metadata = checkMetadata(body?.metadata);
  checkInputObject(body?.input);
  const model = findModel(context.params.model ?? "");
  if (!model) throw new ApiError(404, "model_not_found", `No model named ${JSON.stringify(echo(context.params.model ?? ""))}.`);
  if (!isModelAllowed(key, model.id)) {
    throw new ApiError(403, "model_not_allowed", `This API key may not use the model ${model.id}.`);
  }
  const input = validateInput(model, body?.input);
  const isLive = key.kind === "live";
  const cost = isLive ? costOf(model, input) : 0;
  if (isLive && key.credit_limit !== null && key.credits_used + cost > key.credit_limit) {
    throw new ApiError(402, "credit_limit_reached", `This generation costs ${cost} credits, which would take this API key past its credit limit.`);
  }
  if (isLive && account.balance_credits < cost) {
    throw new ApiError(402, "insufficient_credits", `This generation costs ${cost} credits; the account has ${account.balance_credits}.`);
  }

  const store = state.store;
  const times = isLive ? planTimes(now, input) : { start_at: now, end_at: now };
  const generation: GenerationRecord = {
    id: store.nextId("gen"),
    seq: store.nextSeq(),
    account_id: account.id,
    key_id: key.id,
    environment: isLive ? "live" : "test",
    model: model.id,
    status: "queued",
    input,
    output: null,
    error: null,
    cost_credits: cost,
    created_at: now,
    started_at: null,
    completed_at: null,
    metadata,
    webhook_url: webhookUrl,
    ...times,
    outcome: wantsFailure(input) ? "failed" : "completed",
  };
  store.addGeneration(generation);
  store.pending.add(generation.id);
  store.nextEventAt = Math.min(store.nextEventAt, generation.start_at);
  account.balance_credits -= cost;
  key.credits_used += cost;
  store.touch();
  if (!isLive) {
    generation.started_at = now;
    finish(state, generation, generation.outcome, now);
    return { status: 200, body: serializeGeneration(store, generation) };
  }
  state.wake?.(generation.start_at);
  state.wake?.(generation.end_at);
  return { status: 202, body: serializeGeneration(store, generation) };
}

function findGeneration(context: RouteContext): GenerationRecord {
  const { key } = callerOf(context);
  const generation = context.state.store.generations.get(context.params.id ?? "");
  // Another account's or environment's generation is indistinguishable from a missing one.
  if (!generation || generation.account_id !== key.account_id || generation.environment !== key.kind) {
    throw new ApiError(404, "generation_not_found", `No generation with id ${JSON.stringify(echo(context.params.id ?? ""))}.`);
  }
  return generation;
}

/** `GET /v1/generations/{id}`. */
export function getGeneration(context: RouteContext): RouteResult {
  return { status: 200, body: serializeGeneration(context.state.store, findGeneration(context)) };
}

/** `GET /v1/generations`: this account and environment, newest first, filters `status` and `model`. */
export function listGenerations(context: RouteContext): RouteResult {
  const { key } = callerOf(context);
  const { limit, after } = parseListQuery(context.query);
  const status = context.query.get("status");
  const model = context.query.get("model");
  if (status !== null && !STATUSES.includes(status as GenerationStatus)) {
    throw invalidRequest("status", `status must be one of ${STATUSES.join(", ")}.`);
  }
  const store = context.state.store;
  const page = pageNewestFirst(store.generationsOf(key.account_id, key.kind), {
    limit,
    after,
    matches: (g) => (status === null || g.status === status) && (model === null || g.model === model),
    serialize: (g) => serializeGeneration(store, g),
  });
  return { status: 200, body: page };
}

/** `POST /v1/generations/{id}/cancel`: refunded when it had not started; 409 once final. */
export function cancelGeneration(context: RouteContext): RouteResult {
  rejectUnknownFields(context.body, []);
  const generation = findGeneration(context);
  if (generation.status !== "queued" && generation.status !== "in_progress") {
    throw new ApiError(409, "generation_not_cancelable", `The generation is already ${generation.status}.`);
  }
  if (generation.status === "queued") refund(context.state.store, generation);
  finish(context.state, generation, "canceled", context.now);
  return { status: 200, body: serializeGeneration(context.state.store, generation) };
}
