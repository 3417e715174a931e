import type { ErrorObject, ValidateFunction } from "ajv";
import { ContractError } from "./contract-error.js";
import { METHOD_NOT_ALLOWED, SANDBOX_POLICY, UNKNOWN_PATH, recordCoverage } from "./coverage.js";
import { type ContractResponse, loadContract } from "./load-contract.js";

/** Headers as a `Headers`, a plain record or a list of pairs. */
export type HeadersLike = Headers | Record<string, string | readonly string[] | undefined> | Iterable<[string, string]>;

/** A response to check, with the request it answers. */
export interface ResponseToValidate {
  method: string;
  /** Absolute (`http://127.0.0.1:4010/v1/models?limit=2`) or a path; one of `url` and `path`. */
  url?: string | URL;
  path?: string;
  status: number;
  headers?: HeadersLike;
  /** The parsed JSON body, or its text; undefined or "" for no body. */
  body?: unknown;
}

/** The outcome of `checkResponse`. */
export type ResponseCheck =
  | { valid: true; operationId: string; status: number }
  | { valid: false; operationId: string | undefined; status: number; error: ContractError };

/** A request body to check against the operation's `requestBody`. */
export interface RequestToValidate {
  method: string;
  url?: string | URL;
  path?: string;
  /** The parsed JSON body, or its text. */
  body?: unknown;
}

const MAX_PROBLEMS = 20;
const SANDBOX_POLICY_CODES = new Set(["model_not_allowed", "ip_not_allowed"]);
const SANDBOX_POLICY_COMPONENT = "SandboxPolicyDenied";
// Answers any request may get, even one that no operation documents.
const FALLBACK_COMPONENTS: Record<string, string> = {
  "401": "Unauthorized",
  "429": "RateLimited",
  "500": "InternalError",
  "503": "ServiceUnavailable",
};

/**
 * Checks a response against the contract without throwing and without recording coverage.
 *
 * @example
 * const check = checkResponse({ method: "GET", path: "/v1/account", status: 200, headers, body });
 * if (!check.valid) console.error(check.error.message);
 */
export function checkResponse(response: ResponseToValidate): ResponseCheck {
  const contract = loadContract();
  const pathname = pathOf(response);
  const method = response.method.toUpperCase();
  const label = `${method} ${pathname} → ${response.status}`;
  const match = contract.find(method, pathname);

  let operationId: string | undefined;
  let documented: ContractResponse | undefined;
  let expected: string;
  const policyCode = sandboxPolicyCode(response);
  if (match.kind === "operation" && policyCode !== undefined && match.operation.document === "api") {
    // A key policy of the sandbox's console (SPEC §5.3): never in openapi.yaml, documented once
    // in sandbox.openapi.yaml as a response any public operation may give.
    operationId = SANDBOX_POLICY;
    documented = contract.componentResponse(SANDBOX_POLICY_COMPONENT, "403", "sandbox");
    expected = `403 ${SANDBOX_POLICY_COMPONENT} (sandbox.openapi.yaml)`;
  } else if (match.kind === "operation") {
    operationId = match.operation.operationId;
    documented = match.operation.response(response.status);
    expected = match.operation.statuses.join(", ");
  } else {
    operationId = match.kind === "unknown_path" ? UNKNOWN_PATH : METHOD_NOT_ALLOWED;
    const own = match.kind === "unknown_path" ? ["404", "NotFound"] : ["405", "MethodNotAllowed"];
    const components: Record<string, string> = { [own[0] as string]: own[1] as string, ...FALLBACK_COMPONENTS };
    const component = components[String(response.status)];
    documented = component ? contract.componentResponse(component, String(response.status)) : undefined;
    expected = Object.keys(components).join(", ");
  }
  const fail = (problems: string[]): ResponseCheck => ({
    valid: false,
    operationId,
    status: response.status,
    error: new ContractError(`Contract violation: ${label} (${operationId})`, problems.slice(0, MAX_PROBLEMS)),
  });
  if (!documented) {
    const where =
      match.kind === "operation"
        ? `for ${operationId} (${match.operation.method} ${match.operation.path})`
        : `for ${match.kind === "unknown_path" ? "an unknown path" : `an undocumented method on ${match.path}`}`;
    return fail([`status ${response.status} is not documented ${where}; documented: ${expected}`]);
  }

  const problems: string[] = [];
  const headers = toHeaders(response.headers);
  for (const header of documented.headers) {
    const value = headers.get(header.name);
    if (value === null) {
      if (header.required) problems.push(`headers/${header.name}: missing (required on ${response.status})`);
    } else if (!validateHeader(header.validate, value)) {
      problems.push(...describe(header.validate.errors, `headers/${header.name}`));
    }
  }

  const contentType = headers.get("content-type");
  if (documented.validateEvent && contentType !== null && /^text\/event-stream\b/i.test(contentType)) {
    problems.push(...eventProblems(documented.validateEvent, response.body));
  } else if (documented.validateBody) {
    if (contentType !== null && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
      problems.push(`headers/Content-Type: "${contentType}" is not JSON`);
    }
    const body = parseBody(response.body);
    if (!body.ok) {
      problems.push(`body: ${body.problem}`);
    } else {
      if (!documented.validateBody(body.value)) problems.push(...describe(documented.validateBody.errors, "body"));
    }
  }
  if (problems.length > 0) return fail(problems);
  return { valid: true, operationId, status: response.status };
}

/**
 * Throws a `ContractError` unless the response matches the contract: a documented status for
 * the operation, the body's schema and the documented headers. A valid response is recorded for
 * `contractCoverage()`.
 *
 * @example
 * validateResponse({ method: "GET", url: "http://127.0.0.1:4010/v1/models", status: 200, headers, body });
 */
export function validateResponse(response: ResponseToValidate): { operationId: string; status: number } {
  const check = checkResponse(response);
  if (!check.valid) throw check.error;
  recordCoverage({ operationId: check.operationId, status: check.status });
  return { operationId: check.operationId, status: check.status };
}

/**
 * Throws a `ContractError` unless `body` matches the operation's request body schema (an
 * absent body passes when the body is optional).
 */
export function validateRequestBody(request: RequestToValidate): { operationId: string } {
  const contract = loadContract();
  const pathname = pathOf(request);
  const method = request.method.toUpperCase();
  const match = contract.find(method, pathname);
  const label = `Contract violation: request ${method} ${pathname}`;
  if (match.kind !== "operation")
    throw new ContractError(label, [`no operation is documented for ${method} ${pathname}`]);
  const { operation } = match;
  const spec = operation.requestBody;
  const empty = request.body === undefined || request.body === "";
  if (!spec) {
    if (empty) return { operationId: operation.operationId };
    throw new ContractError(label, [`body: ${operation.operationId} takes no body`]);
  }
  if (empty) {
    if (spec.required) throw new ContractError(label, [`body: required by ${operation.operationId}`]);
    return { operationId: operation.operationId };
  }
  const body = parseBody(request.body);
  if (!body.ok) throw new ContractError(label, [`body: ${body.problem}`]);
  if (!spec.validate(body.value)) throw new ContractError(label, describe(spec.validate.errors, "body"));
  return { operationId: operation.operationId };
}

/** The sandbox-only code of a 403 answer (`model_not_allowed`, `ip_not_allowed`), if it is one. */
function sandboxPolicyCode(response: ResponseToValidate): string | undefined {
  if (response.status !== 403) return undefined;
  const body = parseBody(response.body);
  const code = body.ok ? (body.value as { error?: { code?: unknown } } | null)?.error?.code : undefined;
  return typeof code === "string" && SANDBOX_POLICY_CODES.has(code) ? code : undefined;
}

function pathOf(request: { url?: string | URL; path?: string }): string {
  const raw = request.path ?? request.url;
  if (raw === undefined) throw new TypeError("validateResponse: give the request's url or path");
  return new URL(String(raw), "http://contract.invalid").pathname;
}

function toHeaders(headers: HeadersLike | undefined): Headers {
  if (headers instanceof Headers) return headers;
  const result = new Headers();
  if (!headers) return result;
  const entries = Symbol.iterator in headers ? [...(headers as Iterable<[string, string]>)] : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    for (const one of typeof value === "string" ? [value] : value) result.append(name, one);
  }
  return result;
}

function validateHeader(validate: ValidateFunction, value: string): boolean {
  if (validate(value)) return true;
  // Header values are strings on the wire; an integer header (Retry-After) is checked as a number.
  return /^-?\d+$/.test(value) && validate(Number(value));
}

/**
 * What is wrong with a Server-Sent Events body: every event is `data: <JSON>` valid against the
 * event schema, and the stream ends with `data: [DONE]` (OpenAI's terminator).
 */
function eventProblems(validate: ValidateFunction, body: unknown): string[] {
  if (typeof body !== "string" || body === "") return ["body: missing (an event stream is documented)"];
  const problems: string[] = [];
  const events = body.split(/\r?\n\r?\n/).filter((event) => event.trim() !== "");
  let done = false;
  events.forEach((event, index) => {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    if (done) problems.push(`body/events/${index}: after data: [DONE]`);
    if (data === "[DONE]") {
      done = true;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      problems.push(`body/events/${index}: data is not JSON: ${truncate(data)}`);
      return;
    }
    if (!validate(value)) problems.push(...describe(validate.errors, `body/events/${index}`));
  });
  if (!done) problems.push("body: the stream does not end with data: [DONE]");
  return problems;
}

function parseBody(body: unknown): { ok: true; value: unknown } | { ok: false; problem: string } {
  if (body === undefined || body === "") return { ok: false, problem: "missing (a JSON body is documented)" };
  if (typeof body !== "string") return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false, problem: `not JSON: ${truncate(body)}` };
  }
}

function describe(errors: ErrorObject[] | null | undefined, root: string): string[] {
  if (!errors || errors.length === 0) return [`${root}: does not match the schema`];
  return errors.map((error) => {
    const params = error.params as Record<string, unknown>;
    let detail = error.message ?? "is invalid";
    if (params.allowedValues)
      detail += ` (${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")})`;
    if (params.allowedValue !== undefined) detail += ` (${JSON.stringify(params.allowedValue)})`;
    if (params.additionalProperty !== undefined) detail += `: ${JSON.stringify(params.additionalProperty)}`;
    if (params.unevaluatedProperty !== undefined) detail += `: ${JSON.stringify(params.unevaluatedProperty)}`;
    const shown = ["type", "enum", "const", "pattern", "format", "minimum", "maximum", "minLength", "maxLength"];
    if (shown.includes(error.keyword)) detail += `; got ${truncate(JSON.stringify(error.data))}`;
    return `${root}${error.instancePath}: ${detail}`;
  });
}

function truncate(text: string | undefined): string {
  if (text === undefined) return "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
