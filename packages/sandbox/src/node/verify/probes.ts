// The probes `clipia-sandbox verify` sends, the same to the live service and to the local
// sandbox. On a test key none costs anything (a test-key submit or chat is never charged), and the
// whole suite is 17 requests at most, far under the default 120 requests a minute.
import { CATALOG, isTextModel } from "../../catalog/models.js";
import type { TextCatalogEntry } from "../../catalog/types.js";

/** Which credential a probe sends. */
export type ProbeCredential = "key" | "none" | "wrong" | "read_only";

/** What earlier probes of the same side produced (the submit's request id). */
export interface ProbeContext {
  requestId?: string;
  /** The plain chat completion's id (`chatcmpl-…`), for the `GET /v1/generation` lookup. */
  chatId?: string;
  /** A fresh Idempotency-Key per run, the same for the submit and its replay. */
  idempotencyKey: string;
}

/** One request of the suite. */
export interface Probe {
  name: string;
  /** What it checks, for the table and the docs. */
  description: string;
  method: "GET" | "POST";
  /** The operation in openapi.yaml (its path template). */
  operation: string;
  path: (context: ProbeContext) => string | undefined;
  credential: ProbeCredential;
  body?: unknown;
  idempotent?: boolean;
  /** Runs only when a read-only key was given. */
  needsReadOnlyKey?: boolean;
  /** The probe whose answer gives this one's path (skipped when that answer gave no id). */
  after?: string;
  /** Asks for Server-Sent Events (`stream: true`): the answer is read as an event stream. */
  stream?: boolean;
}

/** A model every catalog holds: image, cheap, and free on a test key anyway. */
const PROBE_MODEL = "nano-banana-2";
const PROMPT = { input: { prompt: "clipia-sandbox verify: a red kite over a green hill" } };

/** The text model whose tokens cost least (prompt and completion together): a live key's chat probes are charged. */
function cheapestTextModel(): string {
  const price = (model: TextCatalogEntry) => Number(model.pricing.prompt) + Number(model.pricing.completion);
  const text = CATALOG.filter(isTextModel).sort((a, b) => price(a) - price(b));
  const cheapest = text[0];
  if (!cheapest) throw new Error("the catalog has no text model for the chat probes");
  return cheapest.id;
}

/** The chat probes' model. */
export const CHAT_PROBE_MODEL = cheapestTextModel();
/** A short prompt and a few tokens: what a live key is charged for the chat probes stays a fraction of a credit. */
const CHAT = {
  model: CHAT_PROBE_MODEL,
  messages: [{ role: "user", content: "clipia-sandbox verify: answer with one word." }],
  max_tokens: 8,
};
const request = (context: ProbeContext, suffix = "") =>
  context.requestId === undefined ? undefined : `/v1/requests/${encodeURIComponent(context.requestId)}${suffix}`;

/** The probe suite, in order (status and result use the request id of the submit). */
export const PROBES: readonly Probe[] = [
  {
    name: "models.list",
    description: "GET /v1/models: the catalog (entries both hold compared by slug)",
    method: "GET",
    operation: "/v1/models",
    path: () => "/v1/models",
    credential: "key",
  },
  {
    name: "models.retrieve",
    description: `GET /v1/models/${PROBE_MODEL}: one model's detail and input schema`,
    method: "GET",
    operation: "/v1/models/{model}",
    path: () => `/v1/models/${PROBE_MODEL}`,
    credential: "key",
  },
  {
    name: "models.estimate",
    description: "POST …/estimate: the cost of an input, nothing charged",
    method: "POST",
    operation: "/v1/models/{model}/estimate",
    path: () => `/v1/models/${PROBE_MODEL}/estimate`,
    credential: "key",
    body: PROMPT,
  },
  {
    name: "account",
    description: "GET /v1/account",
    method: "GET",
    operation: "/v1/account",
    path: () => "/v1/account",
    credential: "key",
  },
  {
    name: "key",
    description: "GET /v1/key: the calling key",
    method: "GET",
    operation: "/v1/key",
    path: () => "/v1/key",
    credential: "key",
  },
  {
    name: "submit",
    description: "POST /v1/models/{model} with an Idempotency-Key (test key: COMPLETED, not charged)",
    method: "POST",
    operation: "/v1/models/{model}",
    path: () => `/v1/models/${PROBE_MODEL}`,
    credential: "key",
    body: PROMPT,
    idempotent: true,
  },
  {
    name: "submit.replay",
    description: "the same submit and Idempotency-Key again: the first answer, same request_id",
    method: "POST",
    operation: "/v1/models/{model}",
    path: () => `/v1/models/${PROBE_MODEL}`,
    credential: "key",
    body: PROMPT,
    idempotent: true,
  },
  {
    name: "status",
    description: "GET /v1/requests/{id}/status of the submitted request",
    method: "GET",
    operation: "/v1/requests/{request_id}/status",
    path: (c) => request(c, "/status"),
    credential: "key",
    after: "submit",
  },
  {
    name: "result",
    description: "GET /v1/requests/{id}: the result",
    method: "GET",
    operation: "/v1/requests/{request_id}",
    path: (c) => request(c),
    credential: "key",
    after: "submit",
  },
  {
    name: "chat.completion",
    description: `POST /v1/chat/completions (${CHAT_PROBE_MODEL}, max_tokens ${CHAT.max_tokens}): a chat.completion`,
    method: "POST",
    operation: "/v1/chat/completions",
    path: () => "/v1/chat/completions",
    credential: "key",
    body: CHAT,
  },
  {
    name: "chat.stream",
    description: "the same with stream: true: chat.completion.chunk events, one id, then data: [DONE]",
    method: "POST",
    operation: "/v1/chat/completions",
    path: () => "/v1/chat/completions",
    credential: "key",
    body: { ...CHAT, stream: true },
    stream: true,
  },
  {
    name: "chat.generation",
    description: "GET /v1/generation?id= of the chat completion: its cost and tokens",
    method: "GET",
    operation: "/v1/generation",
    path: (c) => (c.chatId === undefined ? undefined : `/v1/generation?id=${encodeURIComponent(c.chatId)}`),
    credential: "key",
    after: "chat.completion",
  },
  {
    name: "auth.missing",
    description: "no key: 401 invalid_api_key with WWW-Authenticate",
    method: "GET",
    operation: "/v1/account",
    path: () => "/v1/account",
    credential: "none",
  },
  {
    name: "auth.wrong",
    description: "an unknown key: 401 invalid_api_key",
    method: "GET",
    operation: "/v1/account",
    path: () => "/v1/account",
    credential: "wrong",
  },
  {
    name: "scope.read_only",
    description: "a submit with a read-only key: 403 insufficient_scope",
    method: "POST",
    operation: "/v1/models/{model}",
    path: () => `/v1/models/${PROBE_MODEL}`,
    credential: "read_only",
    body: PROMPT,
    needsReadOnlyKey: true,
  },
  {
    name: "model.unknown",
    description: "an unknown model: 404 not_found",
    method: "GET",
    operation: "/v1/models/{model}",
    path: () => "/v1/models/clipia-verify-no-such-model",
    credential: "key",
  },
  {
    name: "input.invalid",
    description: "a submit without its required prompt: 422 model_input_invalid",
    method: "POST",
    operation: "/v1/models/{model}",
    path: () => `/v1/models/${PROBE_MODEL}`,
    credential: "key",
    body: { input: {} },
  },
];
