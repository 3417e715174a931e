import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ContractOperation, loadContract } from "@clipia/contract";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// A permanent guard that openapi.yaml keeps in step with SPEC.md (which lives beside the repo, in
// ../shared/): every error code of SPEC §3 is in the ErrorCode enum and answerable at its status,
// and every endpoint row of SPEC §2 is an operation with its credential, success statuses and
// named error codes. SPEC.md is parsed, so a new row there fails here until the contract has it.

const SPEC_FILE = fileURLToPath(new URL("../../../../shared/SPEC.md", import.meta.url));
const OPENAPI_FILE = fileURLToPath(new URL("../../../openapi.yaml", import.meta.url));
const hasSpec = existsSync(SPEC_FILE);

/** The text of a `## N.` section of SPEC.md, up to the next `## `. */
function section(spec: string, number: number): string {
  const start = spec.indexOf(`\n## ${number}.`);
  if (start < 0) throw new Error(`SPEC.md has no section ${number}`);
  const end = spec.indexOf("\n## ", start + 1);
  return spec.slice(start, end < 0 ? undefined : end);
}

/** Table rows of a markdown text as trimmed cells, header and rule rows dropped. */
function tableRows(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line))
    .map((line) => line.slice(1, line.lastIndexOf("|")).split("|").map((cell) => cell.trim()));
}

/** Error codes in a cell: backticked snake_case words only (not header values like `Retry-After`). */
const codesIn = (cell: string) => [...cell.matchAll(/`([a-z]+(?:_[a-z]+)*)`/g)].map((m) => m[1]!);

interface SpecError {
  status: number;
  code: string;
}

/** SPEC §3's table: `405 / 413 / 415` rows pair statuses and codes by position. */
function specErrors(spec: string): SpecError[] {
  const errors: SpecError[] = [];
  for (const [statusCell = "", codesCell = ""] of tableRows(section(spec, 3))) {
    const statuses = statusCell.split("/").map((s) => Number(s.trim()));
    if (statuses.some((s) => !Number.isInteger(s) || s < 400)) continue; // the header row
    const codes = codesIn(codesCell);
    if (statuses.length > 1 && statuses.length !== codes.length) throw new Error(`SPEC §3 row "${statusCell}" pairs ${codes.length} codes`);
    codes.forEach((code, i) => errors.push({ status: statuses.length > 1 ? statuses[i]! : statuses[0]!, code }));
  }
  return errors;
}

interface SpecEndpoint {
  method: string;
  path: string;
  credential: "any" | "api" | "admin";
  scope: string | undefined;
  successes: number[];
  errors: SpecError[];
}

/** SPEC §2's endpoint table. */
function specEndpoints(spec: string): SpecEndpoint[] {
  const endpoints: SpecEndpoint[] = [];
  for (const [endpoint = "", credential = "", success = ""] of tableRows(section(spec, 2))) {
    const match = /^`(GET|POST|PATCH|DELETE|PUT) (\/\S+)`$/.exec(endpoint);
    if (!match) continue;
    endpoints.push({
      method: match[1]!,
      path: match[2]!,
      credential: /admin/.test(credential) ? "admin" : /API key/.test(credential) ? "api" : "any",
      scope: /`(generate|read)`/.exec(credential)?.[1],
      // A success status starts the cell or a clause ("live: 202 …; test: 200 …").
      successes: [...success.matchAll(/(?:^|[:;]\s*)(2\d\d)\b/g)].map((m) => Number(m[1])),
      errors: [...success.matchAll(/\b([45]\d\d) `([a-z_]+)`/g)].map((m) => ({ status: Number(m[1]), code: m[2]! })),
    });
  }
  return endpoints;
}

const envelope = (code: string) => ({ error: { code, message: "m", request_id: "req_parity" } });

/** Whether the operation documents `status` with a body that may carry `code`. */
function answers(operation: ContractOperation, { status, code }: SpecError): boolean {
  const response = operation.response(status);
  return response?.status === String(status) && response.validateBody?.(envelope(code)) === true;
}

const title = hasSpec
  ? "openapi.yaml is in step with SPEC.md"
  : `openapi.yaml vs SPEC.md: skipped, ${SPEC_FILE} is absent (SPEC.md lives in ../shared/ beside the repository)`;

describe.skipIf(!hasSpec)(title, () => {
  const spec = hasSpec ? readFileSync(SPEC_FILE, "utf8") : "";
  const openapi = parse(readFileSync(OPENAPI_FILE, "utf8")) as {
    paths: Record<string, Record<string, { "x-clipia-credential"?: string; "x-clipia-scope"?: string }>>;
    components: { schemas: { ErrorCode: { enum: string[] } }; responses: Record<string, unknown> };
  };
  const contract = loadContract();
  const apiOperations = contract.operations.filter((op) => op.document === "api");
  const errors = hasSpec ? specErrors(spec) : [];
  const endpoints = hasSpec ? specEndpoints(spec) : [];
  const operationOf = (method: string, path: string) => apiOperations.find((op) => op.method === method && op.path === path);

  it("parses SPEC.md's tables (a reworded table must not silently test nothing)", () => {
    expect(errors.length).toBeGreaterThanOrEqual(27);
    expect(endpoints.length).toBeGreaterThanOrEqual(13);
  });

  it("the ErrorCode enum is exactly SPEC §3's codes", () => {
    expect([...openapi.components.schemas.ErrorCode.enum].sort()).toEqual([...new Set(errors.map((e) => e.code))].sort());
  });

  it("every SPEC §3 code is answerable at its status by some operation or shared response", () => {
    // 404 not_found and 405 method_not_allowed answer requests outside every operation.
    const shared = Object.keys(openapi.components.responses);
    const sharedAnswers = ({ status, code }: SpecError) =>
      shared.some((name) => contract.componentResponse(name, String(status))?.validateBody?.(envelope(code)) === true);
    const unanswered = errors.filter((error) => !apiOperations.some((op) => answers(op, error)) && !sharedAnswers(error));
    expect(unanswered).toEqual([]);
  });

  it("every SPEC §2 endpoint is an operation, and every /v1 operation is a SPEC §2 endpoint", () => {
    expect(endpoints.filter((e) => !operationOf(e.method, e.path)).map((e) => `${e.method} ${e.path}`)).toEqual([]);
    const inSpec = new Set(endpoints.map((e) => `${e.method} ${e.path}`));
    expect(apiOperations.map((op) => `${op.method} ${op.path}`).filter((op) => !inSpec.has(op))).toEqual([]);
  });

  it("each endpoint documents SPEC §2's credential, scope, success statuses and named errors", () => {
    const problems: string[] = [];
    for (const endpoint of endpoints) {
      const name = `${endpoint.method} ${endpoint.path}`;
      const operation = operationOf(endpoint.method, endpoint.path);
      const raw = openapi.paths[endpoint.path]?.[endpoint.method.toLowerCase()];
      if (!operation || !raw) continue; // reported by the previous test
      if (raw["x-clipia-credential"] !== endpoint.credential) problems.push(`${name}: x-clipia-credential ${raw["x-clipia-credential"]}, SPEC ${endpoint.credential}`);
      if (raw["x-clipia-scope"] !== endpoint.scope) problems.push(`${name}: x-clipia-scope ${raw["x-clipia-scope"]}, SPEC ${endpoint.scope}`);
      if (endpoint.successes.length === 0) problems.push(`${name}: no success status parsed from SPEC`);
      for (const status of endpoint.successes) {
        if (!operation.statuses.includes(String(status))) problems.push(`${name}: ${status} not documented`);
      }
      for (const error of endpoint.errors) {
        if (!answers(operation, error)) problems.push(`${name}: ${error.status} ${error.code} not documented`);
      }
    }
    expect(problems).toEqual([]);
  });

  // Errors SPEC §1–3 name in prose rather than in the endpoint table.
  it.each([
    ["PATCH", "/v1/keys/{id}", 400, "parameter_immutable"],
    ["PATCH", "/v1/keys/{id}", 409, "key_revoked"],
    ["PATCH", "/v1/keys/{id}", 409, "key_expired"],
    ["POST", "/v1/models/{model}", 402, "insufficient_credits"],
    ["POST", "/v1/models/{model}", 402, "credit_limit_reached"],
    ["POST", "/v1/models/{model}", 403, "insufficient_scope"],
    ["POST", "/v1/models/{model}", 403, "model_not_allowed"],
    ["POST", "/v1/models/{model}", 404, "model_not_found"],
    ["POST", "/v1/models/{model}", 409, "idempotency_key_reused"],
    ["POST", "/v1/models/{model}", 409, "idempotency_request_in_progress"],
    ["POST", "/v1/models/{model}", 413, "payload_too_large"],
    ["POST", "/v1/models/{model}", 415, "unsupported_media_type"],
    ["POST", "/v1/models/{model}", 400, "invalid_json"],
    ["POST", "/v1/generations/{id}/cancel", 403, "insufficient_scope"],
    ["GET", "/v1/models", 400, "invalid_request"],
    ["GET", "/v1/account", 400, "conflicting_credentials"],
  ] as const)("%s %s documents %i %s", (method, path, status, code) => {
    const operation = operationOf(method, path);
    expect(operation && answers(operation, { status, code })).toBe(true);
  });

  it("documents the credential-kind 403s of SPEC §2 and the 401/429/5xx every operation may answer", () => {
    const problems: string[] = [];
    for (const operation of apiOperations) {
      const name = `${operation.method} ${operation.path}`;
      const expected: SpecError[] = [
        { status: 401, code: "invalid_api_key" },
        { status: 403, code: "ip_not_allowed" },
        { status: 429, code: "rate_limited" },
        { status: 500, code: "internal_error" },
        { status: 503, code: "service_unavailable" },
      ];
      if (operation.path.startsWith("/v1/keys")) expected.push({ status: 403, code: "admin_key_required" });
      if (operation.path.startsWith("/v1/generations") || (operation.method === "POST" && operation.path === "/v1/models/{model}")) {
        expected.push({ status: 403, code: "api_key_required" });
      }
      for (const error of expected) if (!answers(operation, error)) problems.push(`${name}: ${error.status} ${error.code}`);
    }
    expect(problems).toEqual([]);
  });
});
