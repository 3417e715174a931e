import { requestedDelayMs } from "./internal/backoff.js";
import { parseRateLimit, type RateLimit } from "./internal/rate-limit.js";
import { scrubDeep, scrubHeaders } from "./internal/redact.js";
import type { ErrorCode, ErrorType, ResultResponse, Scope } from "./types.js";

/** Base class of every error the SDK throws: `instanceof ClipiaError` catches them all. */
export class ClipiaError extends Error {
  override readonly name: string = "ClipiaError";
}

/** The constructor fields of an {@link APIError}, read from one error response. */
export interface APIErrorInit {
  status: number;
  code: string | null;
  type: string | null;
  message: string;
  headers: Headers;
}

/**
 * The API answered with a non-2xx status. `code`, `type` and `message` come from the error
 * envelope `{error: {type, code, message}}`; `rateLimit` from the `RateLimit-*` headers.
 *
 * The subclass is chosen by status (`InsufficientScopeError` by its code), for answers that carry
 * the API's envelope; a body without a `code` (a proxy's HTML 404) and the statuses without a
 * class (405, 408, 413, 415) are thrown as `APIError` itself. Each subclass narrows `code` to
 * the codes the API documents for its status.
 */
export class APIError extends ClipiaError {
  override readonly name: string = "APIError";
  /** HTTP status code. */
  declare readonly status: number;
  /** Machine-readable reason (`not_found`, `rate_limit_exceeded`, …); null when the body had none. */
  declare readonly code: ErrorCode | (string & {}) | null;
  /** OpenAI-style class of the error (`invalid_request_error`, `api_error`, …); null when absent. */
  declare readonly type: ErrorType | (string & {}) | null;
  /** The response headers. */
  declare readonly headers: Headers;
  /** `RateLimit-Limit`, `-Remaining` and `-Reset` of the answer, or null when it had none. */
  declare readonly rateLimit: RateLimit | null;

  constructor(init: APIErrorInit) {
    super(init.message);
    Object.assign(this, init, { rateLimit: parseRateLimit(init.headers) });
  }
}

/** 400 `invalid_request`: the body does not parse or has unknown fields, a bad `webhook_url`, a text model. */
export class BadRequestError extends APIError {
  override readonly name: string = "BadRequestError";
  declare readonly status: 400;
  declare readonly code: "invalid_request";
}
/** 401 `invalid_api_key`: the key is missing, malformed, unknown or revoked. */
export class AuthenticationError extends APIError {
  override readonly name: string = "AuthenticationError";
  declare readonly status: 401;
  declare readonly code: "invalid_api_key";
}
/**
 * 402, the credits family: `insufficient_credits` (the balance or the key's budget does not cover
 * the generation) or, as its subclass {@link SubscriptionRequiredError}, `subscription_required`.
 * `instanceof InsufficientCreditsError` catches every 402.
 */
export class InsufficientCreditsError extends APIError {
  override readonly name: string = "InsufficientCreditsError";
  declare readonly status: 402;
  declare readonly code: "insufficient_credits" | "subscription_required";
}
/**
 * 402 `subscription_required`: the account has credits but no active plan. Topping up will not
 * help; an active subscription will. A subclass of {@link InsufficientCreditsError}, so code that
 * handles every 402 still does.
 *
 * @example
 * ```ts
 * try {
 *   await clipia.queue.submit("nano-banana-2", { input: { prompt: "a lighthouse" } });
 * } catch (error) {
 *   if (error instanceof SubscriptionRequiredError) console.error("Activate a plan at clipia.ai");
 *   else if (error instanceof InsufficientCreditsError) console.error("Top up your credits");
 *   else throw error;
 * }
 * ```
 */
export class SubscriptionRequiredError extends InsufficientCreditsError {
  override readonly name: string = "SubscriptionRequiredError";
  declare readonly code: "subscription_required";
}
/** 403: the key may not do this (`model_not_allowed` and `ip_not_allowed` come from the sandbox's console policies only). */
export class PermissionDeniedError extends APIError {
  override readonly name: string = "PermissionDeniedError";
  declare readonly status: 403;
  declare readonly code: "insufficient_scope" | "model_not_allowed" | "ip_not_allowed";
}
/** 403 `insufficient_scope`: the key lacks `requiredScope`. */
export class InsufficientScopeError extends PermissionDeniedError {
  override readonly name: string = "InsufficientScopeError";
  declare readonly code: "insufficient_scope";
  /** The scope the call needs: `generate`, the only scope any call needs (to submit). */
  readonly requiredScope: Scope = "generate";
}
/** 404 `not_found`: unknown model or request id, or one of another account or environment. */
export class NotFoundError extends APIError {
  override readonly name: string = "NotFoundError";
  declare readonly status: 404;
  declare readonly code: "not_found";
}
/** 409: `idempotency_key_reuse` (never retried) or `request_in_progress` (retried). */
export class ConflictError extends APIError {
  override readonly name: string = "ConflictError";
  declare readonly status: 409;
  declare readonly code: "idempotency_key_reuse" | "request_in_progress";
}
/** 422 `model_input_invalid`: the input does not fit the model's `input_schema`; the message names the field. */
export class UnprocessableEntityError extends APIError {
  override readonly name: string = "UnprocessableEntityError";
  declare readonly status: 422;
  declare readonly code: "model_input_invalid";
}
/** 429 `rate_limit_exceeded`: requests per minute or concurrent generations. */
export class RateLimitError extends APIError {
  override readonly name: string = "RateLimitError";
  declare readonly status: 429;
  declare readonly code: "rate_limit_exceeded";
  /**
   * Seconds the server asked to wait (`retry-after-ms`, else `Retry-After` in seconds or an HTTP
   * date), rounded up, as asked: also when the SDK itself waits less (it honours 0–60 s only), so
   * that a service can pass `Retry-After: 120` on. Null when absent, unparsable, negative (a past
   * date too) or infinite.
   */
  declare readonly retryAfter: number | null;
  constructor(init: APIErrorInit) {
    super(init);
    const delay = requestedDelayMs(init.headers);
    this.retryAfter = delay === undefined ? null : Math.ceil(delay / 1000);
  }
}
/** ≥ 500: the API failed (retried). `code` is null when the body was not the API's (a proxy's 502). */
export class InternalServerError extends APIError {
  override readonly name: string = "InternalServerError";
  declare readonly code: "internal_error" | "service_unavailable" | (string & {}) | null;
}

/** No HTTP answer (DNS, refused, reset, TLS): the message names the host, `cause` is the transport's error. */
export class APIConnectionError extends ClipiaError {
  override readonly name: string = "APIConnectionError";
}
/** The call, retries and backoff included, or a wait outlived its `timeout`. */
export class APITimeoutError extends APIConnectionError {
  override readonly name: string = "APITimeoutError";
}
/** The caller's `AbortSignal` fired; its reason is the `cause`. */
export class APIUserAbortError extends ClipiaError {
  override readonly name: string = "APIUserAbortError";
}

/**
 * A wait ended `FAILED` or `CANCELED`: the result is attached. The SDK scrubs the key from the
 * result before it builds one (see `queue.wait`); the message is made from that result.
 */
abstract class GenerationEndedError extends ClipiaError {
  /** The request's result, `error` included. */
  declare readonly result: ResultResponse;
  constructor(result: ResultResponse) {
    super(`Generation ${result.request_id} ended ${result.status}: ${result.error?.message}`);
    (this as { result: ResultResponse }).result = result;
  }
}
/** A wait ended `FAILED`: `result.error` says why (credits are refunded). */
export class GenerationFailedError extends GenerationEndedError {
  override readonly name: string = "GenerationFailedError";
}
/** A wait ended `CANCELED` (from the console; credits are refunded). */
export class GenerationCanceledError extends GenerationEndedError {
  override readonly name: string = "GenerationCanceledError";
}

/** Why {@link verifyWebhook} rejected a delivery. */
export type WebhookVerificationReason =
  | "missing_header"
  | "malformed_header"
  | "timestamp_out_of_range"
  | "signature_mismatch"
  | "invalid_payload";

/** A webhook delivery failed verification: do not trust its body. */
export class WebhookVerificationError extends ClipiaError {
  override readonly name: string = "WebhookVerificationError";
  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
  ) {
    super(message);
  }
}

/** The client or a helper was configured wrongly (missing or unprefixed key, http base URL, …). */
export class ClipiaConfigError extends ClipiaError {
  override readonly name: string = "ClipiaConfigError";
}

type ErrorClass = new (init: APIErrorInit) => APIError;

// By status (SPEC §3); `errorClass` picks the two codes with a subclass of their status's class
// (`insufficient_scope`, `subscription_required`) first.
const CLASSES: Record<number, ErrorClass> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: InsufficientCreditsError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/**
 * The one place an error response becomes a class. `body` is the parsed JSON (or the text);
 * `secret` (the key) is scrubbed from the body and the headers, in any form, should a proxy
 * ever echo it.
 */
export function makeAPIError(status: number, body: unknown, headers: Headers, secret: string): APIError {
  const clean = scrubDeep(body ?? "", secret);
  const envelope = (clean as { error?: { code?: string; type?: string; message?: string } } | null)?.error;
  const code = envelope?.code ?? null;
  // Not the API's envelope (a proxy's page, say): its start, quoted.
  const text = envelope?.message ?? JSON.stringify(clean).slice(0, 300);
  const init = {
    status,
    code,
    type: envelope?.type ?? null,
    message: `${status}${code ? ` ${code}` : ""}: ${text}`,
    headers: scrubHeaders(headers, secret),
  };
  return new (errorClass(status, code))(init);
}

function errorClass(status: number, code: string | null): ErrorClass {
  if (status >= 500) return InternalServerError;
  if (!code) return APIError;
  if (code === "insufficient_scope") return InsufficientScopeError;
  if (status === 402 && code === "subscription_required") return SubscriptionRequiredError;
  return CLASSES[status] ?? APIError;
}
