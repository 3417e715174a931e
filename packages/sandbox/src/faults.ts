import { ApiError, defaultCodeForStatus, echo, invalidRequest } from "./errors.js";

/** What `injectFault` / `POST /_sandbox/faults` accept. */
export interface FaultInput {
  /** HTTP method to match; default any. */
  method?: string;
  /** Exact path, or a prefix ending in `*` (`/v1/models*`); default any `/v1` path. */
  path?: string;
  /** Status to answer (400–599). Optional only with `network_error` or `delay_ms`. */
  status?: number;
  /** Error code; defaults to the contract's code for the status. */
  code?: string;
  /** How many matching requests it applies to; default 1. */
  count?: number;
  /** Seconds, sent as `Retry-After`. */
  retry_after?: number;
  /** `before` (default): answer instead of processing; `after`: process, then answer the fault (a lost response). */
  phase?: "before" | "after";
  /** Fail the connection instead of answering. */
  network_error?: boolean;
  /** Hold the request this long before answering. */
  delay_ms?: number;
}

/** A fault as stored and returned by the control plane. */
export interface FaultRecord {
  object: "sandbox.fault";
  id: string;
  method: string | null;
  path: string | null;
  status: number | null;
  code: string | null;
  count: number;
  retry_after: number | null;
  phase: "before" | "after";
  network_error: boolean;
  delay_ms: number | null;
}

const FIELDS = new Set(["method", "path", "status", "code", "count", "retry_after", "phase", "network_error", "delay_ms"]);

function optionalInteger(value: unknown, param: string, min: number, max: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalidRequest(param, `${param} must be an integer between ${min} and ${max}.`);
  }
  return value;
}

/** Validates a fault definition (400 on anything off) and gives it an id. */
export function buildFault(input: Record<string, unknown>, id: string): FaultRecord {
  for (const field of Object.keys(input)) {
    if (!FIELDS.has(field)) throw invalidRequest(field, `Unknown parameter: ${echo(field)}.`);
  }
  const { method, path, code, phase, network_error: networkError } = input;
  if (method !== undefined && (typeof method !== "string" || !/^[A-Za-z]+$/.test(method))) {
    throw invalidRequest("method", "method must be an HTTP method such as GET or POST.");
  }
  if (path !== undefined && (typeof path !== "string" || !path.startsWith("/"))) {
    throw invalidRequest("path", "path must start with `/` (a trailing `*` makes it a prefix).");
  }
  if (code !== undefined && (typeof code !== "string" || !/^[a-z_]{1,64}$/.test(code))) {
    throw invalidRequest("code", "code must be an error code such as rate_limited.");
  }
  if (phase !== undefined && phase !== "before" && phase !== "after") {
    throw invalidRequest("phase", 'phase must be "before" or "after".');
  }
  if (networkError !== undefined && typeof networkError !== "boolean") {
    throw invalidRequest("network_error", "network_error must be a boolean.");
  }
  const status = optionalInteger(input.status, "status", 400, 599);
  const delayMs = optionalInteger(input.delay_ms, "delay_ms", 0, 60_000);
  if (status === null && networkError !== true && delayMs === null) {
    throw invalidRequest("status", "status is required (unless network_error or delay_ms is set).");
  }
  return {
    object: "sandbox.fault",
    id,
    method: method === undefined ? null : method.toUpperCase(),
    path: path ?? null,
    status,
    code: status === null ? null : (code ?? defaultCodeForStatus(status)),
    count: optionalInteger(input.count, "count", 1, 1_000_000) ?? 1,
    retry_after: optionalInteger(input.retry_after, "retry_after", 0, 86_400),
    phase: phase ?? "before",
    network_error: networkError ?? false,
    delay_ms: delayMs,
  };
}

function matches(fault: FaultRecord, method: string, path: string): boolean {
  if (fault.method !== null && fault.method !== method) return false;
  if (fault.path === null) return true;
  return fault.path.endsWith("*") ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path;
}

/** Takes the first fault matching the request, counting it down (and dropping it at zero). */
export function takeFault(faults: FaultRecord[], method: string, path: string): FaultRecord | null {
  const index = faults.findIndex((fault) => matches(fault, method, path));
  if (index === -1) return null;
  const fault = faults[index] as FaultRecord;
  fault.count -= 1;
  if (fault.count <= 0) faults.splice(index, 1);
  return { ...fault };
}

/** The error a fault answers with (null when it only delays or only drops the connection). */
export function faultError(fault: FaultRecord): ApiError | null {
  if (fault.status === null) return null;
  const headers: Record<string, string> = {};
  const retryAfter = fault.retry_after ?? (fault.status === 429 ? 1 : null);
  if (retryAfter !== null) headers["retry-after"] = String(retryAfter);
  // SPEC §3: every 401 carries the challenge, an injected one too.
  if (fault.status === 401) headers["www-authenticate"] = 'Bearer realm="clipia"';
  const code = fault.code ?? defaultCodeForStatus(fault.status);
  return new ApiError(fault.status, code, `Injected sandbox fault: ${fault.status} ${code}.`, { headers });
}
