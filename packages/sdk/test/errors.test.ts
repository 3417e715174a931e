import {
  APIConnectionError,
  APIError,
  AuthenticationError,
  BadRequestError,
  Clipia,
  ClipiaError,
  ConflictError,
  InsufficientCreditsError,
  InsufficientScopeError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  SubscriptionRequiredError,
  UnprocessableEntityError,
} from "@clipia/sdk";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { apiError, json, scriptedFetch, TEST_KEY } from "./helpers.js";

/** The error one answer makes (no retries), or a failure if the call resolved. */
async function errorFor(reply: Response | Error): Promise<unknown> {
  const clipia = new Clipia({ apiKey: TEST_KEY, fetch: scriptedFetch(reply), maxRetries: 0, logLevel: "off" });
  return clipia.queue.submit("nano-banana-2", { input: { prompt: "x" } }).then(
    () => expect.unreachable("the call resolved"),
    (error: unknown) => error,
  );
}

// SPEC §3, row by row: status, code, type, the class, its parents.
const ROWS = [
  [400, "invalid_request", "invalid_request_error", BadRequestError],
  [401, "invalid_api_key", "authentication_error", AuthenticationError],
  [402, "insufficient_credits", "invalid_request_error", InsufficientCreditsError],
  [402, "subscription_required", "invalid_request_error", SubscriptionRequiredError],
  [403, "insufficient_scope", "permission_error", InsufficientScopeError],
  [403, "model_not_allowed", "permission_error", PermissionDeniedError],
  [403, "ip_not_allowed", "permission_error", PermissionDeniedError],
  [404, "not_found", "invalid_request_error", NotFoundError],
  [409, "idempotency_key_reuse", "invalid_request_error", ConflictError],
  [409, "request_in_progress", "invalid_request_error", ConflictError],
  [422, "model_input_invalid", "invalid_request_error", UnprocessableEntityError],
  [429, "rate_limit_exceeded", "rate_limit_error", RateLimitError],
  [500, "internal_error", "api_error", InternalServerError],
  [503, "service_unavailable", "api_error", InternalServerError],
] as const;

describe("error classes", () => {
  it.each(ROWS)("%i %s -> %s", async (status, code, type, Class) => {
    const error = (await errorFor(
      json(
        status,
        { error: { type, code, message: "Sanitised message." } },
        { "ratelimit-limit": "120", "ratelimit-remaining": "7", "ratelimit-reset": "31" },
      ),
    )) as APIError;
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(ClipiaError);
    expect(error.constructor).toBe(code === "insufficient_scope" ? InsufficientScopeError : Class);
    expect(error.name).toBe(error.constructor.name);
    expect({ status: error.status, code: error.code, type: error.type }).toEqual({ status, code, type });
    expect(error.message).toBe(`${status} ${code}: Sanitised message.`);
    expect(error.rateLimit).toEqual({ limit: 120, remaining: 7, reset: 31 });
    expect(error.headers.get("ratelimit-limit")).toBe("120");
  });

  it("InsufficientScopeError names the scope the call needs", async () => {
    const error = (await errorFor(apiError(403, "insufficient_scope"))) as InsufficientScopeError;
    expect(error.requiredScope).toBe("generate");
    expect(error).toBeInstanceOf(PermissionDeniedError);
  });

  it("SubscriptionRequiredError is in the 402 family; insufficient_credits is not a SubscriptionRequiredError", async () => {
    const noPlan = await errorFor(apiError(402, "subscription_required"));
    expect(noPlan).toBeInstanceOf(InsufficientCreditsError);
    expect(noPlan).toBeInstanceOf(SubscriptionRequiredError);
    const poor = await errorFor(apiError(402, "insufficient_credits"));
    expect(poor).toBeInstanceOf(InsufficientCreditsError);
    expect(poor).not.toBeInstanceOf(SubscriptionRequiredError);
  });

  it.each([
    ["seconds", { "retry-after": "12" }, 12],
    ["an HTTP date", { "retry-after": new Date(Date.now() + 30_000).toUTCString() }, 30],
    ["retry-after-ms", { "retry-after-ms": "1500" }, 2],
    // Longer than the SDK waits itself (0–60 s): still reported, for a service to pass on.
    ["seconds over 60", { "retry-after": "120" }, 120],
    ["an HTTP date 5 minutes ahead", { "retry-after": new Date(Date.now() + 300_000).toUTCString() }, 300],
    ["retry-after-ms over 60 s", { "retry-after-ms": "90000" }, 90],
    ["nothing", {}, null],
  ])("RateLimitError.retryAfter from %s", async (_name, headers, seconds) => {
    const error = (await errorFor(apiError(429, "rate_limit_exceeded", headers))) as RateLimitError;
    if (typeof seconds === "number") expect(error.retryAfter).toBeCloseTo(seconds, -0.5);
    else expect(error.retryAfter).toBeNull();
  });

  it.each([
    ["405 with the envelope (a wrong method through raw)", apiError(405, "invalid_request"), 405, "invalid_request"],
    ["413", apiError(413, "invalid_request"), 413, "invalid_request"],
    ["408 from a proxy", new Response("timeout", { status: 408 }), 408, null],
    ["a proxy's HTML 404 (no code)", new Response("<html>Not Found</html>", { status: 404 }), 404, null],
  ])("%s is an APIError without a subclass", async (_name, reply, status, code) => {
    const error = (await errorFor(reply)) as APIError;
    expect(error.constructor).toBe(APIError);
    expect([error.status, error.code]).toEqual([status, code]);
  });

  it("a 502 HTML page from a proxy is an InternalServerError with its text and no code", async () => {
    const error = (await errorFor(new Response("<h1>502 Bad Gateway</h1>", { status: 502 }))) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.code).toBeNull();
    expect(error.message).toContain("502 Bad Gateway");
    expect(error.rateLimit).toBeNull();
  });

  it("an unreadable 2xx body is a ClipiaError with the parse error as cause", async () => {
    const error = (await errorFor(new Response("{not json", { status: 200 }))) as ClipiaError;
    expect(error).toBeInstanceOf(ClipiaError);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});

describe("APIConnectionError", () => {
  it("names the host and the cause of a refused connection", async () => {
    // A loopback port that was just free: nothing listens, nothing leaves the machine.
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const clipia = new Clipia({
      apiKey: TEST_KEY,
      baseUrl: `http://127.0.0.1:${port}`,
      fetch: (request) => fetch(request),
      maxRetries: 0,
      logLevel: "off",
    });
    const error = (await clipia.account.retrieve().catch((e: unknown) => e)) as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).toContain("GET /v1/account");
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("keeps a thrown error of an injected fetch as its cause", async () => {
    const cause = new TypeError("socket hang up");
    const error = (await errorFor(cause)) as APIConnectionError;
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.cause).toBe(cause);
    expect(error.message).toContain("api.clipia.ai");
    expect(error.message).toContain("socket hang up");
  });
});
