import { findChatModel, isTextModel } from "../catalog/models.js";
import type { TextCatalogEntry } from "../catalog/types.js";
import { confirmCaller } from "../engine/auth.js";
import { roundCredits } from "../engine/credit-amount.js";
import { requireCredits, requireSubscription, reserveCredits, spendableCredits } from "../engine/credits.js";
import { toRfc3339 } from "../engine/clock.js";
import {
  defaultChatReply,
  type FinishedChoice,
  finishChoice,
  finishScriptedChoice,
  promptTokens,
} from "../engine/chat-reply.js";
import { type ChatRequest, parseChatRequest } from "../engine/chat-request.js";
import { completionBody, completionEvents, type CompletionHead } from "../engine/chat-wire.js";
import { injectedError } from "../engine/faults.js";
import { checkModelAccess } from "../engine/key-policy.js";
import type { StoredChat, StoredKey } from "../engine/records.js";
import { callerOf, type RouteContext, type RouteResult } from "../engine/route-context.js";
import { echo, invalidRequest, notFound } from "../http/errors.js";

// The AI gateway (SPEC v3 §2.2): `POST /v1/chat/completions` and `GET /v1/generation?id=`.

/** Rubles per credit (SPEC v3 §2.2 D: the plans' ratio, 799 ₽ for 240 credits … 8,990 ₽ for 2,900). */
const RUBLES_PER_CREDIT = 3.1;

/** A text model by its `id` or its `canonical_slug` (SPEC v3 §2.2: "a text model's id or slug"). */
function textModelOf(name: string, key: StoredKey): TextCatalogEntry {
  const model = findChatModel(name);
  if (!model) throw notFound(`No model named ${JSON.stringify(echo(name))}.`);
  checkModelAccess(key, model.id);
  if (!isTextModel(model)) {
    throw invalidRequest(
      `${model.id} is a generation model: submit it with POST /v1/models/${model.id}; chat needs a text model (GET /v1/models).`,
    );
  }
  return model;
}

/** Credits for a number of prompt and completion tokens (rubles per token ÷ 3.1, 6 decimals). */
function chatCost(model: TextCatalogEntry, prompt: number, completion: number): number {
  const rubles = prompt * Number(model.pricing.prompt) + completion * Number(model.pricing.completion);
  return roundCredits(rubles / RUBLES_PER_CREDIT);
}

/**
 * The most completion tokens `spendable` credits pay for after the prompt (Infinity for a test
 * key, which is charged nothing). The prompt itself must be covered: 402 otherwise.
 */
function affordableTokens(model: TextCatalogEntry, prompt: number, spendable: number): number {
  const perToken = Number(model.pricing.completion) / RUBLES_PER_CREDIT;
  if (perToken <= 0) return Number.POSITIVE_INFINITY;
  let tokens = Math.max(
    0,
    Math.floor((spendable - prompt * (Number(model.pricing.prompt) / RUBLES_PER_CREDIT)) / perToken),
  );
  // Floating point: step down until the rounded cost really fits.
  while (tokens > 0 && chatCost(model, prompt, tokens) > spendable) tokens -= 1;
  return tokens;
}

/**
 * Each choice's reply: the next scripted reply armed for this account and model (SPEC v3 §5.4),
 * which answers every choice of the completion, else the default reply. A scripted error is
 * thrown here, before anything is charged.
 */
function replies(
  context: RouteContext,
  request: ChatRequest,
  model: TextCatalogEntry,
  limit: number | null,
): FinishedChoice[] {
  const { key } = callerOf(context);
  const scripted = context.state.store.takeChatReply(model.id, key.account_id);
  if (scripted?.error) {
    const { status, code, message } = scripted.error;
    throw injectedError(status, code, message, null);
  }
  return Array.from({ length: request.n }, (_, choice) => {
    if (scripted) return finishScriptedChoice(request, scripted, choice, limit);
    const replyContext = { choice, account_id: key.account_id, environment: key.environment };
    return finishChoice(defaultChatReply(request, replyContext), request.stop, limit);
  });
}

/**
 * `POST /v1/chat/completions`: a `chat.completion`, or its Server-Sent Events with `stream: true`.
 * Checks: body (400) → model (404, sandbox 403, 400 for a generation model) → plan (402
 * `subscription_required`) → credits (402 `insufficient_credits` when the prompt's cost is not
 * covered). A live key is charged the cost; when the credits left cover the prompt but not the
 * whole reply, the reply is cut to what they pay for (`finish_reason: "length"`), so nothing is
 * ever overspent. A test key is charged nothing. Only a request past every check takes a
 * scripted reply: one refused on its own leaves the script in place.
 */
export function chatCompletions(context: RouteContext): RouteResult {
  const { state, now } = context;
  const caller = callerOf(context);
  const { key, account } = caller;
  const request = parseChatRequest(context.body);
  const model = textModelOf(request.model, key);
  const prompt = promptTokens(request);
  const live = key.environment === "live";
  confirmCaller(state, caller, "generate");
  let limit = request.max_tokens;
  if (live) {
    requireSubscription(account, key);
    const spendable = spendableCredits(account, key);
    requireCredits(account, key, chatCost(model, prompt, 0), "this chat request's prompt");
    const perChoice = Math.floor(affordableTokens(model, prompt, spendable) / request.n);
    if (Number.isFinite(perChoice)) limit = Math.min(limit ?? perChoice, perChoice);
  }
  const choices = replies(context, request, model, limit);
  const completion = choices.reduce((sum, choice) => sum + choice.completion_tokens, 0);
  const cost = chatCost(model, prompt, completion);
  if (live) reserveCredits(state.store, account, key, cost, "this chat request");
  const chat: StoredChat = {
    id: state.store.nextChatId(),
    seq: state.store.nextSeq(),
    account_id: account.account_id,
    key_id: key.id,
    environment: key.environment,
    model: model.id,
    streamed: request.stream,
    choices: request.n,
    prompt_tokens: prompt,
    completion_tokens: completion,
    cost,
    charged: live,
    finish_reason: choices[0]?.finish_reason ?? "stop",
    created_at: now,
  };
  state.store.addChat(chat);
  const head: CompletionHead = { id: chat.id, created: Math.floor(now / 1000), model: model.id };
  const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  // The request log names the chat by its id, as it names a generation by its request_id.
  const log = { request_id: chat.id };
  if (request.stream) {
    return {
      status: 200,
      events: {
        contentType: "text/event-stream; charset=utf-8",
        frames: completionEvents(head, choices, usage, request.include_usage),
      },
      log,
    };
  }
  return { status: 200, body: completionBody(head, choices, usage), log };
}

/** The body of `GET /v1/generation` for a chat record. */
function chatGenerationBody(chat: StoredChat) {
  return {
    data: {
      id: chat.id,
      model: chat.model,
      provider_name: "Clipia",
      streamed: chat.streamed,
      total_cost: chat.cost,
      tokens_prompt: chat.prompt_tokens,
      tokens_completion: chat.completion_tokens,
      finish_reason: chat.finish_reason,
      created_at: toRfc3339(chat.created_at),
    },
  };
}

/**
 * `GET /v1/generation?id=chatcmpl-…`: the cost of a chat request of the caller's account and
 * environment. No `id` (or an empty one) is 400 `invalid_request`; another account's or
 * environment's, or an unknown id, is 404 `not_found`, like a generation request.
 */
export function getGeneration(context: RouteContext): RouteResult {
  const { key } = callerOf(context);
  const id = context.query.get("id") ?? "";
  if (id === "") throw invalidRequest("id is required: the id of a chat completion (chatcmpl-…).");
  const chat = context.state.store.chats.get(id);
  if (!chat || chat.account_id !== key.account_id || chat.environment !== key.environment) {
    throw notFound(`No chat completion with id ${JSON.stringify(echo(id))}.`);
  }
  return { status: 200, body: chatGenerationBody(chat), log: { request_id: chat.id } };
}
