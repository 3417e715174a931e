/** Every error code of the contract (SPEC §3). */
export type ErrorCode =
  | "invalid_request"
  | "invalid_json"
  | "conflicting_credentials"
  | "parameter_immutable"
  | "invalid_api_key"
  | "insufficient_credits"
  | "credit_limit_reached"
  | "insufficient_scope"
  | "admin_key_required"
  | "api_key_required"
  | "model_not_allowed"
  | "ip_not_allowed"
  | "not_found"
  | "model_not_found"
  | "generation_not_found"
  | "key_not_found"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "idempotency_key_reused"
  | "idempotency_request_in_progress"
  | "generation_not_cancelable"
  | "key_revoked"
  | "key_expired"
  | "rate_limited"
  | "internal_error"
  | "service_unavailable";

/** One offending field of a 400. */
export interface ErrorDetail {
  param: string;
  message: string;
}

/** An error the API answers with the envelope of SPEC §3. Thrown anywhere in the core. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { param?: string; details?: ErrorDetail[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * Client-supplied text made safe to echo in a message: anything shaped like a key is redacted to
 * its prefix and last 4 characters, and the whole is cut to 100 characters.
 */
export function echo(text: string): string {
  const redacted = redactSecrets(text);
  return redacted.length > 100 ? `${redacted.slice(0, 100)}…` : redacted;
}

/** Anything shaped like a key, cut to its prefix, an ellipsis and its last 4 characters. */
function redactSecrets(text: string): string {
  return text.replace(/(clipia_(?:live|test|admin)_)[0-9A-Za-z]*([0-9A-Za-z]{4})/g, "$1…$2");
}

/** A 400 `invalid_request` naming the offending parameter. */
export function invalidRequest(param: string, message: string): ApiError {
  return new ApiError(400, "invalid_request", message, { param, details: [{ param, message }] });
}

/** The contract's code for a status, used when a fault does not name one. */
export function defaultCodeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: "invalid_request",
    401: "invalid_api_key",
    402: "insufficient_credits",
    403: "insufficient_scope",
    404: "not_found",
    405: "method_not_allowed",
    409: "idempotency_request_in_progress",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
  };
  return codes[status] ?? (status >= 500 ? "internal_error" : "invalid_request");
}

/**
 * The JSON body of an error response. Message, param and details pass through `redactSecrets`
 * last, so a key a client pasted anywhere (a field name, a value) never comes back whole.
 */
export function errorBody(error: ApiError, requestId: string): unknown {
  const { param, details } = error.extra;
  return {
    error: {
      code: error.code,
      message: redactSecrets(error.message),
      ...(param === undefined ? {} : { param: redactSecrets(param) }),
      ...(details === undefined
        ? {}
        : { details: details.map((d) => ({ param: redactSecrets(d.param), message: redactSecrets(d.message) })) }),
      request_id: requestId,
    },
  };
}
