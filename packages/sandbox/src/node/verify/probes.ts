// The probes `clipia-sandbox verify` sends, the same to the live service and to the local
// sandbox. On a test key none costs anything (a test-key submit is never charged), and the whole
// suite is 14 requests at most, far under the default 120 requests a minute.

/** Which credential a probe sends. */
export type ProbeCredential = "key" | "none" | "wrong" | "read_only";

/** What earlier probes of the same side produced (the submit's request id). */
export interface ProbeContext {
  requestId?: string;
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
}

/** A model every catalog holds: image, cheap, and free on a test key anyway. */
const PROBE_MODEL = "nano-banana-2";
const PROMPT = { input: { prompt: "clipia-sandbox verify: a red kite over a green hill" } };
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
  },
  {
    name: "result",
    description: "GET /v1/requests/{id}: the result",
    method: "GET",
    operation: "/v1/requests/{request_id}",
    path: (c) => request(c),
    credential: "key",
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
