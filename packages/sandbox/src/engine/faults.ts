import { ApiError, defaultCodeFor, invalidRequest } from "../http/errors.js";
import type { components } from "../http/generated/control.js";
import { checkOptions } from "../http/options.js";

/** What `injectFault` / `POST /_sandbox/faults` accept (SPEC §5.4, plus `phase` and `network_error`). */
export type FaultInput = components["schemas"]["FaultInput"];

/** A fault as the control plane returns it (every field present; null = not set). */
export type FaultRecord = components["schemas"]["FaultRecord"];

const FIELDS: readonly string[] = [
  "method",
  "path",
  "status",
  "code",
  "count",
  "retry_after",
  "delay_ms",
  "account_id",
  "phase",
  "network_error",
];

function optionalInteger(value: unknown, name: string, min: number, max: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalidRequest(`${name} must be an integer from ${min} to ${max}.`);
  }
  return value;
}

/** Validates a fault definition (400 on anything off) and gives it an id. */
export function buildFault(
  input: Record<string, unknown>,
  id: string,
  accountExists: (id: string) => boolean,
): FaultRecord {
  checkOptions(input, FIELDS);
  const { method, path, code, phase, network_error: networkError, account_id: accountId } = input;
  if (method !== undefined && (typeof method !== "string" || !/^[A-Za-z]+$/.test(method))) {
    throw invalidRequest("method must be an HTTP method such as GET or POST.");
  }
  if (path !== undefined && (typeof path !== "string" || !path.startsWith("/"))) {
    throw invalidRequest("path must start with `/` (a trailing `*` makes it a prefix).");
  }
  if (code !== undefined && (typeof code !== "string" || !/^[a-z_]{1,64}$/.test(code))) {
    throw invalidRequest("code must be an error code such as rate_limit_exceeded.");
  }
  if (phase !== undefined && phase !== "before" && phase !== "after")
    throw invalidRequest('phase must be "before" or "after".');
  if (networkError !== undefined && typeof networkError !== "boolean")
    throw invalidRequest("network_error must be a boolean.");
  if (accountId !== undefined && (typeof accountId !== "string" || !accountExists(accountId))) {
    throw invalidRequest("account_id must be the id of a sandbox account.");
  }
  const status = optionalInteger(input.status, "status", 400, 599);
  const delayMs = optionalInteger(input.delay_ms, "delay_ms", 0, 60_000);
  if (status === null && networkError !== true && delayMs === null) {
    throw invalidRequest("status is required (unless delay_ms or network_error is set).");
  }
  return {
    id,
    method: method === undefined ? null : method.toUpperCase(),
    path: path ?? null,
    status,
    code: status === null ? null : (code ?? defaultCodeFor(status)),
    count: optionalInteger(input.count, "count", 1, 1_000_000) ?? 1,
    retry_after: optionalInteger(input.retry_after, "retry_after", 0, 86_400),
    delay_ms: delayMs,
    account_id: accountId ?? null,
    phase: phase ?? "before",
    network_error: networkError ?? false,
  };
}

function matches(fault: FaultRecord, method: string, path: string, accountId: string | null): boolean {
  if (fault.account_id !== null && fault.account_id !== accountId) return false;
  if (fault.method !== null && fault.method !== method) return false;
  if (fault.path === null) return path.startsWith("/v1/");
  return fault.path.endsWith("*") ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path;
}

/** Takes the first fault matching the request, counting it down (and dropping it at zero). */
export function takeFault(
  faults: FaultRecord[],
  method: string,
  path: string,
  accountId: string | null,
): FaultRecord | null {
  const index = faults.findIndex((fault) => matches(fault, method, path, accountId));
  if (index === -1) return null;
  const fault = faults[index] as FaultRecord;
  fault.count -= 1;
  if (fault.count <= 0) faults.splice(index, 1);
  return { ...fault };
}

/** The error a fault answers with (null when it only delays or drops the connection). */
export function faultError(fault: FaultRecord): ApiError | null {
  if (fault.status === null) return null;
  const code = fault.code ?? defaultCodeFor(fault.status);
  return injectedError(fault.status, code, `Injected sandbox fault: ${fault.status} ${code}.`, fault.retry_after);
}

/**
 * An error the control plane asked for (a fault, a scripted chat reply), with the headers a real
 * answer of that status carries: `Retry-After` (given, else 1 s on a 429 or 503) and, on a 401,
 * `WWW-Authenticate`.
 */
export function injectedError(status: number, code: string, message: string, retryAfter: number | null): ApiError {
  const headers: Record<string, string> = {};
  const seconds = retryAfter ?? (status === 429 || status === 503 ? 1 : null);
  if (seconds !== null) headers["retry-after"] = String(seconds);
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="clipia"';
  return new ApiError(status, code, message, headers);
}
