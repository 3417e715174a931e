import { ContractError, checkResponse, validateRequestBody, validateResponse } from "@clipia/contract";
import { describe, expect, it } from "vitest";
import { concretePath, documentedExamples } from "./examples.js";
import { keepOutOfCoverage } from "./made-up.js";

// These responses are made up, not produced by the sandbox: kept out of the run's contract coverage.
keepOutOfCoverage();

const RATE = { "ratelimit-limit": "120", "ratelimit-remaining": "119", "ratelimit-reset": "60" };

function headersFor(status: number, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (status < 300) Object.assign(headers, RATE);
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="clipia", error="invalid_token"';
  if (status === 429) headers["retry-after"] = "2";
  if (status === 405) headers.allow = "GET";
  return { ...headers, ...extra };
}

const account = () => ({
  account_id: "acc_8f3a1c7e",
  balance: { credits: 1840 },
  usage_30d: { requests: 512, credits_spent: 6120 } as Record<string, unknown>,
});

const TYPES: Record<string, string> = {
  invalid_api_key: "authentication_error",
  insufficient_scope: "permission_error",
  model_not_allowed: "permission_error",
  ip_not_allowed: "permission_error",
  rate_limit_exceeded: "rate_limit_error",
  internal_error: "api_error",
  service_unavailable: "api_error",
};
const errorBody = (code: string, type = TYPES[code] ?? "invalid_request_error") => ({
  error: { type, code, message: "Something." },
});

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

  it("finds an example for every public operation's success", () => {
    const ops = new Set(
      examples.filter((e) => e.status < 300 && !e.path.startsWith("/_sandbox")).map((e) => `${e.method} ${e.path}`),
    );
    expect(ops.size).toBe(10);
  });

  it.each(examples.map((example) => [example.name, example] as const))("%s validates", (_name, example) => {
    const result = validateResponse({
      method: example.method,
      path: concretePath(example.path),
      status: example.status,
      headers: headersFor(example.status),
      body: JSON.stringify(example.body),
    });
    expect(result.status).toBe(example.status);
  });
});

describe("validateResponse: a text/event-stream answer (the chat stream)", () => {
  const chunk = (extra: Record<string, unknown> = {}) => ({
    id: "chatcmpl-3f9a1c7e2b41",
    object: "chat.completion.chunk",
    created: 1782300000,
    model: "claude-opus-4-8",
    choices: [{ index: 0, delta: { content: "Hi" }, finish_reason: null }],
    ...extra,
  });
  const sse = (...events: unknown[]) =>
    events.map((event) => `data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`).join("");
  const stream = (body: string) => ({
    method: "POST",
    path: "/v1/chat/completions",
    status: 200,
    headers: headersFor(200, { "content-type": "text/event-stream; charset=utf-8" }),
    body,
  });

  it("validates each event against ChatCompletionChunk", () => {
    expect(validateResponse(stream(sse(chunk(), "[DONE]"))).operationId).toBe("createChatCompletion");
  });

  it("names the event that breaks the schema, and a stream without [DONE]", () => {
    const error = violation(() =>
      validateResponse(stream(sse(chunk(), chunk({ object: "chat.completion" }), "[DONE]"))),
    );
    expect(error.problems).toContainEqual(expect.stringMatching(/^body\/events\/1\/object: /));
    const unfinished = violation(() => validateResponse(stream(sse(chunk()))));
    expect(unfinished.problems).toContainEqual(expect.stringContaining("[DONE]"));
    const notJson = violation(() => validateResponse(stream(sse("{oops", "[DONE]"))));
    expect(notJson.problems).toContainEqual(expect.stringContaining("data is not JSON"));
  });
});

describe("validateResponse: violations", () => {
  it("accepts a well-formed account and names its operation", () => {
    expect(
      validateResponse({
        method: "GET",
        url: "http://127.0.0.1:4010/v1/account",
        status: 200,
        headers: headersFor(200),
        body: account(),
      }),
    ).toEqual({
      operationId: "getAccount",
      status: 200,
    });
  });

  it("rejects a field of the wrong type, naming its JSON path and the value", () => {
    const body = { ...account(), balance: { credits: "1000" } };
    const error = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body }),
    );
    expect(error.problems).toContainEqual(expect.stringMatching(/^body\/balance\/credits: must be number; got "1000"/));
  });

  it("rejects a missing required field, nested too", () => {
    const body = account();
    delete body.usage_30d.credits_spent;
    const error = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body }),
    );
    expect(error.problems).toContainEqual(
      expect.stringContaining("body/usage_30d: must have required property 'credits_spent'"),
    );
  });

  it("rejects a field the real API does not have", () => {
    const body = { ...account(), object: "account" };
    const error = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body }),
    );
    expect(error.problems.join("\n")).toContain('must NOT have additional properties: "object"');
  });

  it("rejects a lower-case status and a result without its fields", () => {
    const status = {
      request_id: "764cabcf-b745-4b3e-ae38-1200304cf45b",
      status: "in_queue",
      queue_position: 0,
      progress: null,
      logs: [],
    };
    const path = "/v1/requests/764cabcf-b745-4b3e-ae38-1200304cf45b/status";
    expect(
      violation(() =>
        validateResponse({ method: "GET", path, status: 200, headers: headersFor(200), body: status }),
      ).problems.join("\n"),
    ).toContain("body/status: must be equal to one of the allowed values");
    const pending = {
      request_id: "764cabcf-b745-4b3e-ae38-1200304cf45b",
      status: "COMPLETED",
      queue_position: null,
      progress: 100,
    };
    const resultPath = "/v1/requests/764cabcf-b745-4b3e-ae38-1200304cf45b";
    expect(
      checkResponse({ method: "GET", path: resultPath, status: 202, headers: headersFor(202), body: pending }).valid,
    ).toBe(false);
  });

  it("rejects a status the operation does not document, listing the documented ones", () => {
    const error = violation(() =>
      validateResponse({
        method: "GET",
        path: "/v1/account",
        status: 404,
        headers: headersFor(404),
        body: errorBody("not_found"),
      }),
    );
    expect(error.message).toContain("status 404 is not documented for getAccount");
    expect(error.message).toContain("200, 400, 401, 429, 500, 503");
  });

  it.each([
    ["GET", "/v1/models/nano-banana-9", 404, "model_not_found"],
    ["POST", "/v1/models/nano-banana-2", 403, "admin_key_required"],
    ["POST", "/v1/models/nano-banana-2", 409, "idempotency_key_reused"],
    ["POST", "/v1/models/nano-banana-2", 429, "rate_limited"],
    ["GET", "/v1/account", 400, "conflicting_credentials"],
  ])("rejects %s %s → %i with the v1 code %s", (method, path, status, code) => {
    const error = violation(() =>
      validateResponse({ method, path, status, headers: headersFor(status), body: errorBody(code) }),
    );
    expect(error.problems).toContainEqual(
      expect.stringMatching(/^body\/error\/code: must be equal to one of the allowed values/),
    );
  });

  it("rejects an error without type, or with the wrong type for its code", () => {
    const path = "/v1/models/nano-banana-2";
    const untyped = { error: { code: "not_found", message: "No." } };
    expect(checkResponse({ method: "GET", path, status: 404, headers: headersFor(404), body: untyped }).valid).toBe(
      false,
    );
    expect(
      checkResponse({
        method: "GET",
        path,
        status: 404,
        headers: headersFor(404),
        body: errorBody("not_found", "api_error"),
      }).valid,
    ).toBe(false);
  });

  it("accepts the real codes at their statuses", () => {
    for (const [method, path, status, code] of [
      ["GET", "/v1/models/nano-banana-9", 404, "not_found"],
      ["POST", "/v1/models/nano-banana-2", 403, "insufficient_scope"],
      ["POST", "/v1/models/nano-banana-2", 409, "idempotency_key_reuse"],
      ["POST", "/v1/models/nano-banana-2", 409, "request_in_progress"],
      ["POST", "/v1/models/nano-banana-2/estimate", 422, "model_input_invalid"],
      ["GET", "/v1/account", 400, "invalid_request"],
    ] as const) {
      expect(
        validateResponse({ method, path, status, headers: headersFor(status), body: errorBody(code) }).status,
      ).toBe(status);
    }
  });

  it("requires RateLimit-* on a success, WWW-Authenticate on a 401 and Retry-After on a 429", () => {
    const success = violation(() =>
      validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: {}, body: account() }),
    );
    expect(success.problems).toContain("headers/RateLimit-Remaining: missing (required on 200)");
    const unauthorized = violation(() =>
      validateResponse({
        method: "GET",
        path: "/v1/account",
        status: 401,
        headers: {},
        body: errorBody("invalid_api_key"),
      }),
    );
    expect(unauthorized.problems).toContain("headers/WWW-Authenticate: missing (required on 401)");
    const limited = violation(() =>
      validateResponse({
        method: "GET",
        path: "/v1/account",
        status: 429,
        headers: {},
        body: errorBody("rate_limit_exceeded"),
      }),
    );
    expect(limited.problems).toContain("headers/Retry-After: missing (required on 429)");
  });

  it("rejects a Retry-After that is not a number of seconds, and a negative RateLimit-Remaining", () => {
    const error = violation(() =>
      validateResponse({
        method: "GET",
        path: "/v1/account",
        status: 429,
        headers: headersFor(429, { "retry-after": "soon" }),
        body: errorBody("rate_limit_exceeded"),
      }),
    );
    expect(error.problems.join("\n")).toContain("headers/Retry-After");
    expect(
      checkResponse({
        method: "GET",
        path: "/v1/account",
        status: 200,
        headers: { ...RATE, "ratelimit-remaining": "-1" },
        body: account(),
      }).valid,
    ).toBe(false);
  });

  it("rejects a body that is not JSON, or none where one is documented", () => {
    expect(
      violation(() =>
        validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body: "<html>" }),
      ).problems,
    ).toContainEqual(expect.stringContaining("body: not JSON"));
    expect(
      violation(() =>
        validateResponse({ method: "GET", path: "/v1/account", status: 200, headers: headersFor(200), body: "" }),
      ).problems,
    ).toContainEqual(expect.stringContaining("body: missing"));
  });

  it("checks answers to an unknown path and an undocumented method against NotFound and MethodNotAllowed", () => {
    expect(
      validateResponse({
        method: "GET",
        path: "/v1/generations",
        status: 404,
        headers: headersFor(404),
        body: errorBody("not_found"),
      }).operationId,
    ).toBe("(unknown path)");
    expect(
      validateResponse({
        method: "PUT",
        path: "/v1/account",
        status: 405,
        headers: headersFor(405),
        body: errorBody("invalid_request"),
      }).operationId,
    ).toBe("(undocumented method)");
    expect(
      checkResponse({
        method: "PUT",
        path: "/v1/account",
        status: 405,
        headers: {},
        body: errorBody("invalid_request"),
      }).valid,
    ).toBe(false);
    expect(
      checkResponse({
        method: "PUT",
        path: "/v1/account",
        status: 404,
        headers: headersFor(404),
        body: errorBody("not_found"),
      }).valid,
    ).toBe(false);
  });
});

describe("validateRequestBody", () => {
  it("accepts a valid body and rejects an unknown top-level field or a missing input", () => {
    expect(
      validateRequestBody({ method: "POST", path: "/v1/models/nano-banana-2", body: { input: { prompt: "a cat" } } })
        .operationId,
    ).toBe("submitRequest");
    expect(
      violation(() =>
        validateRequestBody({ method: "POST", path: "/v1/models/nano-banana-2", body: { input: {}, metadata: {} } }),
      ).problems,
    ).toContainEqual(expect.stringContaining('additional properties: "metadata"'));
    expect(
      violation(() => validateRequestBody({ method: "POST", path: "/v1/models/nano-banana-2/estimate", body: "{}" }))
        .problems,
    ).toContainEqual(expect.stringContaining("must have required property 'input'"));
  });

  it("rejects a missing body where one is required, and a body where none is taken", () => {
    expect(() => validateRequestBody({ method: "POST", path: "/v1/models/nano-banana-2" })).toThrow(ContractError);
    expect(() => validateRequestBody({ method: "GET", path: "/v1/account", body: { a: 1 } })).toThrow("takes no body");
  });
});
