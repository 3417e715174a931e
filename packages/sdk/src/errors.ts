import type { ErrorCode, ErrorDetail, Generation, Scope } from "./types.js";
import { retryAfterSeconds } from "./internal/backoff.js";

/** Base class of every error the SDK throws. `instanceof ClipiaError` catches them all. */
export class ClipiaError extends Error {
  override readonly name: string = "ClipiaError";
}

/** The constructor fields of an {@link APIError}; the client builds them from each error response. */
export interface APIErrorInit {
  message: string;
  status: number;
  code: ErrorCode | null;
  param: string | null;
  details: ErrorDetail[] | null;
  requestId: string | null;
  headers: Headers;
}

/**
 * The API answered with a non-2xx status. Fields come from the error envelope
 * `{error: {code, message, param, details, request_id}}` and the response headers.
 *
 * Statuses without a class of their own are thrown as `APIError` itself: 405
 * `method_not_allowed`, 413 `payload_too_large`, 415 `unsupported_media_type` (and any other
 * 4xx). Those say the HTTP request was built wrongly (a `clipia.raw` call, a proxy), not that
 * its content was invalid, so they are not a `BadRequestError`; match on `status` or `code`.
 */
export class APIError extends ClipiaError {
  override readonly name: string = "APIError";
  /** HTTP status code. */
  readonly status: number;
  /** Machine-readable error code (`invalid_request`, `rate_limited`, …); null if the body had none. */
  readonly code: ErrorCode | null;
  /** The offending request field as a dotted path (`input.prompt`), when the API named one. */
  readonly param: string | null;
  /** Every offending field, for validation errors. */
  readonly details: ErrorDetail[] | null;
  /** `X-Request-Id` of the failed response: quote it to support. */
  readonly requestId: string | null;
  /** The response headers. */
  readonly headers: Headers;

  constructor(init: APIErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.param = init.param;
    this.details = init.details;
    this.requestId = init.requestId;
    this.headers = init.headers;
  }
}

/** 400: the request is malformed or fails validation (see `param` and `details`). */
export class BadRequestError extends APIError {
  override readonly name: string = "BadRequestError";
  declare readonly status: 400;
}
/** 401: the key is missing, malformed, unknown, revoked, disabled or expired. */
export class AuthenticationError extends APIError {
  override readonly name: string = "AuthenticationError";
  declare readonly status: 401;
}
/** 402: the account balance or the key's `credit_limit` does not cover the generation. */
export class InsufficientCreditsError extends APIError {
  override readonly name: string = "InsufficientCreditsError";
  declare readonly status: 402;
}
/** 403: the key may not do this (`api_key_required` is this class itself). */
export class PermissionDeniedError extends APIError {
  override readonly name: string = "PermissionDeniedError";
  declare readonly status: 403;
}
/** 403 `insufficient_scope`: the key lacks `requiredScope`. */
export class InsufficientScopeError extends PermissionDeniedError {
  override readonly name: string = "InsufficientScopeError";
  declare readonly code: "insufficient_scope";
  /** The scope the endpoint needs, from `WWW-Authenticate` (`generate` when not stated). */
  readonly requiredScope: Scope;

  constructor(init: APIErrorInit, requiredScope: Scope) {
    super(init);
    this.requiredScope = requiredScope;
  }
}
/** 403 `model_not_allowed`: the model is outside the key's `model_access`. */
export class ModelNotAllowedError extends PermissionDeniedError {
  override readonly name: string = "ModelNotAllowedError";
  declare readonly code: "model_not_allowed";
}
/** 403 `ip_not_allowed`: the caller's address is outside the key's `allowed_ips`. */
export class IpNotAllowedError extends PermissionDeniedError {
  override readonly name: string = "IpNotAllowedError";
  declare readonly code: "ip_not_allowed";
}
/** 403 `admin_key_required`: `/v1/keys*` needs a `clipia_admin_` key. */
export class AdminKeyRequiredError extends PermissionDeniedError {
  override readonly name: string = "AdminKeyRequiredError";
  declare readonly code: "admin_key_required";
}
/** 404: the resource does not exist or belongs to another account or environment. */
export class NotFoundError extends APIError {
  override readonly name: string = "NotFoundError";
  declare readonly status: 404;
}
/** 409: idempotency conflict, final generation, revoked or expired key. */
export class ConflictError extends APIError {
  override readonly name: string = "ConflictError";
  declare readonly status: 409;
}
/** 429: slow down; `retryAfter` is the server's requested delay in seconds. */
export class RateLimitError extends APIError {
  override readonly name: string = "RateLimitError";
  declare readonly status: 429;
  /** Seconds to wait before retrying, from `Retry-After`; null if the server did not say. */
  readonly retryAfter: number | null;

  constructor(init: APIErrorInit) {
    super(init);
    this.retryAfter = retryAfterSeconds(init.headers);
  }
}
/** 5xx: the API failed; retried automatically. */
export class InternalServerError extends APIError {
  override readonly name: string = "InternalServerError";
}

/** The request never got an HTTP response (DNS, refused, reset). The transport error is `cause`. */
export class APIConnectionError extends ClipiaError {
  override readonly name: string = "APIConnectionError";
  constructor(message = "Connection error.", options?: { cause?: unknown }) {
    super(message, options);
  }
}
/** The call (retries and backoff included) or a `wait()` outlived its `timeout`. */
export class APITimeoutError extends APIConnectionError {
  override readonly name: string = "APITimeoutError";
  constructor(message = "Request timed out.", options?: { cause?: unknown }) {
    super(message, options);
  }
}
/** The caller's `AbortSignal` fired. */
export class APIUserAbortError extends ClipiaError {
  override readonly name: string = "APIUserAbortError";
  constructor(message = "Request was aborted.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** `wait()` / `run()` saw the generation end `failed`; `generation.error` says why. */
export class GenerationFailedError extends ClipiaError {
  override readonly name: string = "GenerationFailedError";
  readonly generation: Generation;
  constructor(generation: Generation) {
    super(`Generation ${generation.id} failed: ${generation.error?.message ?? "no reason given"}`);
    this.generation = generation;
  }
}
/** `wait()` / `run()` saw the generation end `canceled`. */
export class GenerationCanceledError extends ClipiaError {
  override readonly name: string = "GenerationCanceledError";
  readonly generation: Generation;
  constructor(generation: Generation) {
    super(`Generation ${generation.id} was canceled.`);
    this.generation = generation;
  }
}

/** Why {@link verifyWebhook} rejected a delivery. */
export type WebhookVerificationReason =
  | "missing_header"
  | "malformed_header"
  | "invalid_signature"
  | "timestamp_too_old"
  | "timestamp_in_future"
  | "invalid_payload";

/** A webhook delivery failed verification: do not trust its body. */
export class WebhookVerificationError extends ClipiaError {
  override readonly name: string = "WebhookVerificationError";
  readonly reason: WebhookVerificationReason;
  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The client was configured wrongly (missing or unprefixed key, browser without opt-in, …). */
export class ClipiaConfigError extends ClipiaError {
  override readonly name: string = "ClipiaConfigError";
}

type ErrorClass = new (init: APIErrorInit) => APIError;

const BY_CODE: Partial<Record<string, ErrorClass>> = {
  model_not_allowed: ModelNotAllowedError,
  ip_not_allowed: IpNotAllowedError,
  admin_key_required: AdminKeyRequiredError,
};

const BY_STATUS: Partial<Record<number, ErrorClass>> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: InsufficientCreditsError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The scope named by `WWW-Authenticate: Bearer … scope="generate"`. */
function scopeFrom(headers: Headers): Scope {
  const match = /scope="?([a-z_ ]+)"?/i.exec(headers.get("www-authenticate") ?? "");
  const scope = match?.[1]?.trim().split(" ")[0];
  return scope === "read" ? "read" : "generate";
}

/**
 * The one place an HTTP error becomes a class: by `code` where the code has its own class,
 * else by status. `body` is the parsed JSON body (or its text, or undefined).
 */
export function makeAPIError(status: number, body: unknown, headers: Headers): APIError {
  const envelope =
    body && typeof body === "object" && "error" in body && body.error && typeof body.error === "object"
      ? (body.error as Record<string, unknown>)
      : undefined;
  const code = stringOrNull(envelope?.code) as ErrorCode | null;
  const text = stringOrNull(envelope?.message) ?? (typeof body === "string" && body ? body.slice(0, 500) : null);
  const init: APIErrorInit = {
    message: `${status}${code ? ` ${code}` : ""}: ${text ?? "(no error message in the response body)"}`,
    status,
    code,
    param: stringOrNull(envelope?.param),
    details: Array.isArray(envelope?.details) ? (envelope.details as ErrorDetail[]) : null,
    requestId: stringOrNull(envelope?.request_id) ?? headers.get("x-request-id"),
    headers,
  };
  if (code === "insufficient_scope") return new InsufficientScopeError(init, scopeFrom(headers));
  const Class = (code ? BY_CODE[code] : undefined) ?? BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
  return new Class(init);
}
