import { COVERAGE_DIR_ENV, ContractError, checkResponse, validateRequestBody, validateResponse } from "@clipia/contract";
import { describe, expect, it } from "vitest";
import { concretePath, documentedExamples } from "./examples.js";

// These responses are made up, not produced by the sandbox: keep them out of the run's contract
// coverage (each test file runs in its own process, so this touches no other file).
delete process.env[COVERAGE_DIR_ENV];

const REQUEST_ID = "req_test0001";

function headersFor(status: number, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json", "x-request-id": REQUEST_ID };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="clipia", error="invalid_token"';
  if (status === 429) headers["retry-after"] = "2";
  return { ...headers, ...extra };
}

/** Every example's request_id is rewritten to the header's, as a real response would carry. */
function withRequestId(body: unknown): unknown {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  return error ? { error: { ...error, request_id: REQUEST_ID } } : body;
}

const account = () => ({
  id: "acct_2Vd8sK1nQw5Xe7Lp",
  object: "account",
  name: "Sandbox Account",
  balance_credits: 1000,
  environment: "live",
  key: {
    id: "key_9mT3vX6cQp1Ls8Hd",
    object: "api_key",
    name: "Default live key",
    environment: "live",
    status: "active",
    scopes: ["generate", "read"],
    redacted_value: "clipia_live_…a1B2",
    expires_at: null,
    credit_limit: null,
    credits_used: 0,
    model_access: { mode: "all" },
    allowed_ips: [],
    disabled: false,
    created_at: "2026-05-01T09:30:00.000Z",
    last_used_at: null,
    revoked_at: null,
    rolled_from: null,
  } as Record<string, unknown>,
});

const errorBody = (code: string, requestId = REQUEST_ID) => ({ error: { code, message: "Something.", request_id: requestId } });

function violation(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error("expected a ContractError, none was thrown");
}

describe("validateResponse: the documented examples", () => {
  const examples = documentedExamples();

  it("finds examples for every operation", () => {
    expect(examples.length).toBeGreaterThan(60);
  });

  it.each(examples.map((example) => [example.name, example] as const))("%s validates", (_name, example) => {
    const result = validateResponse({
      method: example.method,
      path: concretePath(example.path),
      status: example.status,
      headers: headersFor(example.status),
      body: JSON.stringify(withRequestId(example.body)),
    });
    expect(result.status).toBe(example.status);
  });
});

describe("validateResponse: violations", () => {
  it("accepts a well-formed account and names its operation", () => {
    expect(validateResponse({ method: "GET", url: "http://127.0.0.1:4010/v1/account", status: 200, headers: headersFor(200), body: account() })).toEqual({
      operationId: "getAccount",
      status: 200,
    });
  });

  it("rejects a field of the wrong type, naming its JSON path and the value", () => {
    const body = { ...account(), balance_credits: "1000" };
    const error = violation(() => validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body }));
    expect(error.problems).toContainEqual(expect.stringMatching(/^body\/balance_credits: must be integer; got "1000"/));
  });

  it("rejects a missing required field, nested too", () => {
    const body = account();
    delete body.key.rolled_from;
    const error = violation(() => validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body }));
    expect(error.problems).toContainEqual(expect.stringContaining("body/key: must have required property 'rolled_from'"));
  });

  it("rejects a field the schema does not have", () => {
    const body = { ...account(), url: "https://example.com" };
    const error = violation(() => validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body }));
    expect(error.problems.join("\n")).toContain('must NOT have additional properties: "url"');
  });

  it("rejects a status the operation does not document, listing the documented ones", () => {
    const error = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 404, headers: headersFor(404), body: errorBody("not_found") }),
    );
    expect(error.message).toContain("status 404 is not documented for getAccount");
    expect(error.message).toContain("200, 400, 401, 403, 429, 500, 503");
  });

  it.each([
    ["GET", "/v1/models/clipia-video-9", 404, "generation_not_found"],
    ["POST", "/v1/models/clipia-video-1", 403, "admin_key_required"],
    ["GET", "/v1/generations", 403, "insufficient_scope"],
    ["POST", "/v1/keys", 409, "generation_not_cancelable"],
    ["PATCH", "/v1/keys/key_1", 400, "not_a_code"],
  ])("rejects %s %s → %i with the wrong code %s", (method, path, status, code) => {
    const error = violation(() => validateResponse({ method, path, status, headers: headersFor(status), body: errorBody(code) }));
    expect(error.problems).toContainEqual(expect.stringMatching(/^body\/error\/code: must be equal to one of the allowed values/));
  });

  it("accepts the right code for the same statuses", () => {
    for (const [method, path, status, code] of [
      ["GET", "/v1/models/clipia-video-9", 404, "model_not_found"],
      ["POST", "/v1/models/clipia-video-1", 403, "model_not_allowed"],
      ["GET", "/v1/generations", 403, "api_key_required"],
      ["POST", "/v1/keys", 409, "idempotency_key_reused"],
      ["PATCH", "/v1/keys/key_1", 400, "parameter_immutable"],
    ] as const) {
      expect(validateResponse({ method, path, status, headers: headersFor(status), body: errorBody(code) }).status).toBe(status);
    }
  });

  it("rejects a response without X-Request-Id", () => {
    const error = violation(() => validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: {}, body: account() }));
    expect(error.problems).toContainEqual(expect.stringContaining("headers/X-Request-Id: missing"));
  });

  it("rejects an X-Request-Id of the wrong shape", () => {
    const error = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: { "x-request-id": "abc" }, body: account() }),
    );
    expect(error.problems).toContainEqual(expect.stringContaining("headers/X-Request-Id: must match pattern"));
  });

  it("rejects an error whose request_id differs from X-Request-Id", () => {
    const error = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 500, headers: headersFor(500), body: errorBody("internal_error", "req_other") }),
    );
    expect(error.problems).toContainEqual(expect.stringContaining('differs from X-Request-Id "req_test0001"'));
  });

  it("rejects a 401 without WWW-Authenticate and a 429 without Retry-After", () => {
    const unauthorized = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 401, headers: { "x-request-id": REQUEST_ID }, body: errorBody("invalid_api_key") }),
    );
    expect(unauthorized.problems).toContain("headers/WWW-Authenticate: missing (required on 401)");
    const limited = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 429, headers: { "x-request-id": REQUEST_ID }, body: errorBody("rate_limited") }),
    );
    expect(limited.problems).toContain("headers/Retry-After: missing (required on 429)");
  });

  it("rejects a Retry-After that is not a number of seconds", () => {
    const error = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 429, headers: headersFor(429, { "retry-after": "soon" }), body: errorBody("rate_limited") }),
    );
    expect(error.problems.join("\n")).toContain("headers/Retry-After");
  });

  it("rejects a body that is not JSON, or none where one is documented", () => {
    expect(violation(() => validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body: "<html>" })).problems).toContainEqual(
      expect.stringContaining("body: not JSON"),
    );
    expect(violation(() => validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body: "" })).problems).toContainEqual(
      expect.stringContaining("body: missing"),
    );
  });

  it("never prints a full key secret, even when the secret itself is the problem", () => {
    // 40 characters after the prefix instead of 36: the pattern check prints the value.
    const secret = "clipia_live_abcdefghijABCDEFGHIJ0123456789EXTRwxyz9Q";
    const body = { ...account().key, secret };
    const error = violation(() => validateResponse({ method: "POST", path: "/v1/keys", status: 201, headers: headersFor(201), body }));
    expect(error.problems).toContainEqual(expect.stringContaining("body/secret: must match pattern"));
    expect(error.message).not.toContain(secret);
    expect(error.message).toContain("clipia_live_…yz9Q");
  });

  it("checks answers to an unknown path and an undocumented method against NotFound and MethodNotAllowed", () => {
    expect(validateResponse({ method: "GET", path: "/v1/videos", status: 404, headers: headersFor(404), body: errorBody("not_found") }).operationId).toBe(
      "(unknown path)",
    );
    expect(validateResponse({ method: "PUT", path: "/v1/account", status: 405, headers: headersFor(405), body: errorBody("method_not_allowed") }).operationId).toBe(
      "(undocumented method)",
    );
    expect(checkResponse({ method: "PUT", path: "/v1/account", status: 404, headers: headersFor(404), body: errorBody("not_found") }).valid).toBe(false);
    expect(checkResponse({ method: "GET", path: "/v1/videos", status: 404, headers: headersFor(404), body: errorBody("model_not_found") }).valid).toBe(false);
  });

  it("validates the control plane from sandbox.openapi.yaml, with its cross-file references", () => {
    const fault = {
      object: "sandbox.fault",
      id: "flt_1",
      method: null,
      path: "/v1/models/*",
      status: 503,
      code: "service_unavailable",
      count: 1,
      retry_after: null,
      phase: "before",
      network_error: false,
      delay_ms: 0,
    };
    expect(validateResponse({ method: "POST", path: "/_sandbox/faults", status: 201, headers: headersFor(201), body: fault }).operationId).toBe(
      "injectSandboxFault",
    );
    const bad = violation(() =>
      validateResponse({ method: "POST", path: "/_sandbox/faults", status: 201, headers: headersFor(201), body: { ...fault, code: "teapot" } }),
    );
    expect(bad.problems.join("\n")).toContain("body/code");
  });
});

describe("validateRequestBody", () => {
  it("accepts a valid body and rejects an unknown top-level field or a missing required one", () => {
    expect(validateRequestBody({ method: "POST", path: "/v1/models/clipia-video-1", body: { input: { prompt: "a cat" } } }).operationId).toBe(
      "createGeneration",
    );
    expect(violation(() => validateRequestBody({ method: "POST", path: "/v1/models/clipia-video-1", body: { input: {}, extra: 1 } })).problems).toContainEqual(
      expect.stringContaining('additional properties: "extra"'),
    );
    expect(violation(() => validateRequestBody({ method: "POST", path: "/v1/keys", body: '{"name":"x"}' })).problems).toContainEqual(
      expect.stringContaining("must have required property 'environment'"),
    );
  });

  it("accepts no body where the body is optional, and rejects one where none is taken", () => {
    expect(validateRequestBody({ method: "POST", path: "/v1/keys/key_1/roll" }).operationId).toBe("rollKey");
    expect(() => validateRequestBody({ method: "POST", path: "/v1/keys" })).toThrow(ContractError);
    expect(() => validateRequestBody({ method: "GET", path: "/v1/account", body: { a: 1 } })).toThrow("takes no body");
  });
});
