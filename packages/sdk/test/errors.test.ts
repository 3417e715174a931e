import Default, {
  AdminKeyRequiredError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  Clipia,
  ClipiaConfigError,
  ClipiaError,
  ConflictError,
  GenerationCanceledError,
  GenerationFailedError,
  InsufficientCreditsError,
  InsufficientScopeError,
  InternalServerError,
  IpNotAllowedError,
  ModelNotAllowedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  WebhookVerificationError,
} from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { apiError, generation, LIVE_KEY, scriptedFetch } from "./helpers.js";

type Case = [status: number, code: string, expected: abstract new (...args: never[]) => APIError];

const table: Case[] = [
  [400, "invalid_request", BadRequestError],
  [400, "invalid_json", BadRequestError],
  [400, "conflicting_credentials", BadRequestError],
  [400, "parameter_immutable", BadRequestError],
  [401, "invalid_api_key", AuthenticationError],
  [402, "insufficient_credits", InsufficientCreditsError],
  [402, "credit_limit_reached", InsufficientCreditsError],
  [403, "insufficient_scope", InsufficientScopeError],
  [403, "admin_key_required", AdminKeyRequiredError],
  [403, "api_key_required", PermissionDeniedError],
  [403, "model_not_allowed", ModelNotAllowedError],
  [403, "ip_not_allowed", IpNotAllowedError],
  [404, "not_found", NotFoundError],
  [404, "generation_not_found", NotFoundError],
  [405, "method_not_allowed", APIError],
  [409, "idempotency_key_reused", ConflictError],
  [409, "generation_not_cancelable", ConflictError],
  [409, "key_revoked", ConflictError],
  [413, "payload_too_large", APIError],
  [415, "unsupported_media_type", APIError],
  [429, "rate_limited", RateLimitError],
  [500, "internal_error", InternalServerError],
  [503, "service_unavailable", InternalServerError],
];

async function errorFrom(response: Response): Promise<unknown> {
  const clipia = new Clipia({ apiKey: LIVE_KEY, fetch: scriptedFetch(response), maxRetries: 0 });
  return clipia.account.retrieve().then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("error mapping from stubbed responses", () => {
  it.each(table)("%i %s -> %o", async (status, code, Expected) => {
    const error = await errorFrom(apiError(status, code, { param: "input.prompt", details: [{ param: "input.prompt", message: "required" }] }));
    expect(error).toBeInstanceOf(Expected);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(ClipiaError);
    const e = error as APIError;
    expect(e.constructor).toBe(Expected);
    expect(e.name).toBe(Expected.name);
    expect(e.status).toBe(status);
    expect(e.code).toBe(code);
    expect(e.param).toBe("input.prompt");
    expect(e.details).toEqual([{ param: "input.prompt", message: "required" }]);
    expect(e.requestId).toBe("req_test123");
    expect(e.headers.get("x-request-id")).toBe("req_test123");
    expect(e.message).toContain(code);
  });

  it("names the required scope from WWW-Authenticate", async () => {
    const error = await errorFrom(
      apiError(403, "insufficient_scope", {}, {
        "www-authenticate": 'Bearer realm="clipia", error="insufficient_scope", scope="read"',
      }),
    );
    expect((error as InsufficientScopeError).requiredScope).toBe("read");
  });

  it("defaults the required scope to generate", async () => {
    const error = await errorFrom(apiError(403, "insufficient_scope"));
    expect((error as InsufficientScopeError).requiredScope).toBe("generate");
  });

  it.each([
    [{ "retry-after": "7" }, 7],
    [{ "retry-after-ms": "1500" }, 1.5],
    [{}, null],
  ])("RateLimitError.retryAfter from %j", async (headers, expected) => {
    const error = await errorFrom(apiError(429, "rate_limited", {}, headers));
    expect((error as RateLimitError).retryAfter).toBe(expected);
  });

  it("keeps a non-JSON body as the message and has null fields", async () => {
    const error = (await errorFrom(new Response("<html>Bad gateway</html>", { status: 502 }))) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.code).toBeNull();
    expect(error.param).toBeNull();
    expect(error.requestId).toBeNull();
    expect(error.message).toContain("Bad gateway");
  });

  it("maps an unknown 4xx to the APIError base class", async () => {
    const error = (await errorFrom(apiError(422, "unprocessable"))) as APIError;
    expect(error.constructor).toBe(APIError);
    expect(error.status).toBe(422);
  });
});

describe("the class tree (SPEC §4)", () => {
  const init = { message: "m", status: 0, code: null, param: null, details: null, requestId: null, headers: new Headers() };
  const failed = generation({ status: "failed" }) as never;
  // [name, an instance, its parent class]: the literal names pin `name`, which survives minifying.
  const tree: Array<[string, Error, abstract new (...args: never[]) => Error]> = [
    ["ClipiaError", new ClipiaError("m"), Error],
    ["APIError", new APIError(init), ClipiaError],
    ["BadRequestError", new BadRequestError(init), APIError],
    ["AuthenticationError", new AuthenticationError(init), APIError],
    ["InsufficientCreditsError", new InsufficientCreditsError(init), APIError],
    ["PermissionDeniedError", new PermissionDeniedError(init), APIError],
    ["InsufficientScopeError", new InsufficientScopeError(init, "generate"), PermissionDeniedError],
    ["ModelNotAllowedError", new ModelNotAllowedError(init), PermissionDeniedError],
    ["IpNotAllowedError", new IpNotAllowedError(init), PermissionDeniedError],
    ["AdminKeyRequiredError", new AdminKeyRequiredError(init), PermissionDeniedError],
    ["NotFoundError", new NotFoundError(init), APIError],
    ["ConflictError", new ConflictError(init), APIError],
    ["RateLimitError", new RateLimitError(init), APIError],
    ["InternalServerError", new InternalServerError(init), APIError],
    ["APIConnectionError", new APIConnectionError(), ClipiaError],
    ["APITimeoutError", new APITimeoutError(), APIConnectionError],
    ["APIUserAbortError", new APIUserAbortError(), ClipiaError],
    ["GenerationFailedError", new GenerationFailedError(failed), ClipiaError],
    ["GenerationCanceledError", new GenerationCanceledError(failed), ClipiaError],
    ["WebhookVerificationError", new WebhookVerificationError("missing_header", "m"), ClipiaError],
    ["ClipiaConfigError", new ClipiaConfigError("m"), ClipiaError],
  ];

  it.each(tree)("%s: its name, its parent, a ClipiaError", (name, error, Parent) => {
    expect(error.name).toBe(name);
    expect(error.constructor.name).toBe(name);
    expect(Object.getPrototypeOf(error.constructor)).toBe(Parent);
    expect(error).toBeInstanceOf(ClipiaError);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
  });

  it("carries the generation on GenerationFailedError and GenerationCanceledError", () => {
    const g = generation({ id: "gen_9", status: "failed", error: { code: "generation_failed", message: "boom" } }) as never;
    expect(new GenerationFailedError(g).generation).toBe(g);
    expect(new GenerationFailedError(g).message).toContain("boom");
    expect(new GenerationCanceledError(g).generation).toBe(g);
  });
});

describe("exports", () => {
  it("Clipia is both the default and a named export", () => {
    expect(Default).toBe(Clipia);
  });
});
