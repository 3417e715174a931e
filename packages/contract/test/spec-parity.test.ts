import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ContractOperation, loadContract } from "@clipia/contract";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

// A permanent guard that openapi.yaml keeps in step with SPEC.md v2 (which lives beside the repo,
// in ../shared/): the error codes and types of SPEC §3, the endpoints of SPEC §2 with their scope
// and success statuses, and the errors each operation can give. SPEC.md is parsed, so a new row
// there fails here until the contract has it.

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
    .map((line) =>
      line
        .slice(1, line.lastIndexOf("|"))
        .split("|")
        .map((cell) => cell.trim()),
    );
}

/** Backticked snake_case words of a cell (not header names like `Retry-After`). */
const wordsIn = (cell: string) => [...cell.matchAll(/`([a-z]+(?:_[a-z]+)*)`/g)].map((m) => m[1]!);

interface SpecError {
  status: number;
  code: string;
  type: string;
}

/** SPEC §3's table: a `500 / 503` row pairs statuses and codes by position. */
function specErrors(spec: string): SpecError[] {
  const errors: SpecError[] = [];
  for (const [statusCell = "", codeCell = "", typeCell = ""] of tableRows(section(spec, 3))) {
    const statuses = statusCell.split("/").map((s) => Number(s.trim()));
    if (statuses.some((s) => !Number.isInteger(s) || s < 400)) continue; // the header row
    const codes = wordsIn(codeCell);
    const [type] = wordsIn(typeCell);
    if (!type) throw new Error(`SPEC §3 row "${statusCell}" has no type`);
    if (statuses.length > 1 && statuses.length !== codes.length)
      throw new Error(`SPEC §3 row "${statusCell}" pairs ${codes.length} codes`);
    for (const [i, code] of codes.entries()) {
      errors.push({ status: statuses.length > 1 ? statuses[i]! : statuses[0]!, code, type });
    }
  }
  return errors;
}

interface SpecEndpoint {
  method: string;
  path: string;
  scope: string | undefined;
  successes: number[];
}

/** SPEC §2's endpoint table. */
function specEndpoints(spec: string): SpecEndpoint[] {
  const endpoints: SpecEndpoint[] = [];
  for (const [endpoint = "", credential = "", success = ""] of tableRows(section(spec, 2))) {
    // A path may carry its query (`/v1/generation?id=`) and the row a version mark (`(**v3**)`).
    const match = /^`(GET|POST|PATCH|DELETE|PUT) (\/[^\s?`]+)(?:\?[^`]*)?`(?:\s*\(\*\*v\d+\*\*\))?$/.exec(endpoint);
    if (!match) continue;
    endpoints.push({
      method: match[1]!,
      path: match[2]!,
      scope: /`(generate|read)`/.exec(credential)?.[1],
      successes: [...new Set([...success.matchAll(/\b(2\d\d)\b/g)].map((m) => Number(m[1])))],
    });
  }
  return endpoints;
}

const envelope = ({ code, type }: { code: string; type: string }) => ({ error: { type, code, message: "m" } });

/** Whether the operation documents `status` with a body that may carry `code` and `type`. */
function answers(operation: ContractOperation, error: SpecError): boolean {
  const response = operation.response(error.status);
  return response?.status === String(error.status) && response.validateBody?.(envelope(error)) === true;
}

const title = hasSpec
  ? "openapi.yaml is in step with SPEC.md v3"
  : `openapi.yaml vs SPEC.md: skipped because ${SPEC_FILE} is absent (SPEC.md lives in ../shared/ beside the repository)`;

describe.skipIf(!hasSpec)(title, () => {
  const spec = hasSpec ? readFileSync(SPEC_FILE, "utf8") : "";
  const openapi = parse(readFileSync(OPENAPI_FILE, "utf8")) as {
    paths: Record<string, Record<string, { "x-clipia-scope"?: string }>>;
    webhooks: Record<string, { post: { parameters: Array<{ name: string; in: string; required: boolean }> } }>;
    components: {
      schemas: { ErrorCode: { enum: string[] }; ErrorType: { enum: string[] } };
      responses: Record<string, unknown>;
    };
  };
  const contract = loadContract();
  const apiOperations = contract.operations.filter((op) => op.document === "api");
  const errors = hasSpec ? specErrors(spec) : [];
  const endpoints = hasSpec ? specEndpoints(spec) : [];
  const operationOf = (method: string, path: string) =>
    apiOperations.find((op) => op.method === method && op.path === path);
  const errorOf = (code: string) => errors.find((error) => error.code === code)!;

  it("parses SPEC.md's tables (a reworded table must not silently test nothing)", () => {
    expect(errors.length).toBeGreaterThanOrEqual(11);
    expect(endpoints.length).toBeGreaterThanOrEqual(10);
  });

  it("the ErrorCode and ErrorType enums are exactly SPEC §3's codes and types", () => {
    expect([...openapi.components.schemas.ErrorCode.enum].sort()).toEqual(
      [...new Set(errors.map((e) => e.code))].sort(),
    );
    expect([...openapi.components.schemas.ErrorType.enum].sort()).toEqual(
      [...new Set(errors.map((e) => e.type))].sort(),
    );
  });

  it("every SPEC §3 code is answerable at its status, with its type, by some operation", () => {
    const unanswered = errors.filter((error) => !apiOperations.some((op) => answers(op, error)));
    expect(unanswered).toEqual([]);
  });

  it("every SPEC §2 endpoint is an operation, and every public operation is a SPEC §2 endpoint", () => {
    expect(endpoints.filter((e) => !operationOf(e.method, e.path)).map((e) => `${e.method} ${e.path}`)).toEqual([]);
    const inSpec = new Set(endpoints.map((e) => `${e.method} ${e.path}`));
    expect(apiOperations.map((op) => `${op.method} ${op.path}`).filter((op) => !inSpec.has(op))).toEqual([]);
  });

  it("each endpoint documents SPEC §2's scope and success statuses", () => {
    const problems: string[] = [];
    for (const endpoint of endpoints) {
      const name = `${endpoint.method} ${endpoint.path}`;
      const operation = operationOf(endpoint.method, endpoint.path);
      const raw = openapi.paths[endpoint.path]?.[endpoint.method.toLowerCase()];
      if (!operation || !raw) continue; // reported by the previous test
      if (raw["x-clipia-scope"] !== endpoint.scope)
        problems.push(`${name}: x-clipia-scope ${raw["x-clipia-scope"]}, SPEC ${endpoint.scope}`);
      if (endpoint.successes.length === 0) problems.push(`${name}: no success status parsed from SPEC`);
      const documented = operation.statuses.filter((status) => status.startsWith("2"));
      if (documented.join() !== endpoint.successes.join())
        problems.push(`${name}: successes ${documented}, SPEC ${endpoint.successes}`);
    }
    expect(problems).toEqual([]);
  });

  // Every /v1 answer may be a credential error (400 for two different keys, 401), the rate limit
  // or a server error; the rest follows SPEC §2's "Generation semantics" and §3's D notes.
  const everywhere = [
    "invalid_request",
    "invalid_api_key",
    "rate_limit_exceeded",
    "internal_error",
    "service_unavailable",
  ];
  const body = ["model_input_invalid", "not_found"];
  it.each([
    [
      "POST",
      "/v1/models/{model}",
      [
        ...everywhere,
        ...body,
        "insufficient_credits",
        "subscription_required",
        "insufficient_scope",
        "idempotency_key_reuse",
        "request_in_progress",
      ],
    ],
    ["POST", "/v1/models/{model}/estimate", [...everywhere, ...body]],
    ["GET", "/v1/models/{model}", [...everywhere, "not_found"]],
    ["GET", "/v1/requests/{request_id}/status", [...everywhere, "not_found"]],
    ["GET", "/v1/requests/{request_id}", [...everywhere, "not_found"]],
    ["GET", "/v1/models", everywhere],
    ["GET", "/v1/account", everywhere],
    ["GET", "/v1/key", everywhere],
    [
      "POST",
      "/v1/chat/completions",
      [...everywhere, "not_found", "insufficient_credits", "subscription_required", "insufficient_scope"],
    ],
    ["GET", "/v1/generation", [...everywhere, "not_found"]],
  ] as const)("%s %s documents its errors", (method, path, codes) => {
    const operation = operationOf(method, path)!;
    expect(codes.filter((code) => !answers(operation, errorOf(code)))).toEqual([]);
    // And no error SPEC does not give it (a scope error only where a scope is needed, …).
    const extra = errors.filter((error) => !codes.includes(error.code as never) && answers(operation, error));
    expect(extra.map((error) => error.code)).toEqual([]);
  });

  it("the POST operations document 413 and 415 (SPEC §3 D) with code invalid_request", () => {
    for (const path of ["/v1/models/{model}", "/v1/models/{model}/estimate", "/v1/chat/completions"]) {
      const operation = operationOf("POST", path)!;
      for (const status of [413, 415])
        expect(answers(operation, { status, code: "invalid_request", type: "invalid_request_error" })).toBe(true);
    }
  });

  it("the webhook carries SPEC §2's three headers", () => {
    const names = Object.values(openapi.webhooks).flatMap(({ post }) =>
      post.parameters.filter((p) => p.in === "header" && p.required).map((p) => p.name),
    );
    expect(names.sort()).toEqual(["X-Clipia-Signature", "X-Clipia-Timestamp", "X-Clipia-Webhook-Id"]);
  });
});
