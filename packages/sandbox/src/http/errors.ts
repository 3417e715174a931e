import { redactSecrets } from "./redact.js";

/**
 * The error codes a sandbox answer can carry: SPEC §3's table, the two sandbox-only key policies
 * of §5.3 (`model_not_allowed`, `ip_not_allowed`) and the control plane's `origin_not_allowed`.
 */
type ErrorCode =
  | "invalid_request"
  | "invalid_api_key"
  | "insufficient_credits"
  | "insufficient_scope"
  | "not_found"
  | "idempotency_key_reuse"
  | "request_in_progress"
  | "model_input_invalid"
  | "rate_limit_exceeded"
  | "internal_error"
  | "service_unavailable"
  | "model_not_allowed"
  | "ip_not_allowed"
  | "origin_not_allowed";

/** The OpenAI-style error `type` of SPEC §3, by HTTP status. */
function errorTypeFor(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

/** The contract's code for a status, used when an injected fault names none. */
export function defaultCodeFor(status: number): string {
  const codes: Record<number, ErrorCode> = {
    400: "invalid_request",
    401: "invalid_api_key",
    402: "insufficient_credits",
    403: "insufficient_scope",
    404: "not_found",
    409: "request_in_progress",
    422: "model_input_invalid",
    429: "rate_limit_exceeded",
    500: "internal_error",
    503: "service_unavailable",
  };
  return codes[status] ?? (status >= 500 ? "internal_error" : "invalid_request");
}

/** An error answered with the envelope of SPEC §3. Thrown anywhere in the core. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** 400 `invalid_request`. */
export const invalidRequest = (message: string): ApiError => new ApiError(400, "invalid_request", message);

/** 404 `not_found`. */
export const notFound = (message: string): ApiError => new ApiError(404, "not_found", message);

/** Client-supplied text made safe to echo: secrets redacted, cut to 100 characters. */
export function echo(text: string): string {
  const redacted = redactSecrets(text);
  return redacted.length > 100 ? `${redacted.slice(0, 100)}…` : redacted;
}

/** The JSON body of an error: `{error: {type, code, message}}`, the message passed through redaction. */
export function errorBody(error: ApiError): { error: { type: string; code: string; message: string } } {
  return { error: { type: errorTypeFor(error.status), code: error.code, message: redactSecrets(error.message) } };
}
