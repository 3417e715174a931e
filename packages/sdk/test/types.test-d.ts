// Imported by path: vitest's typecheck runs plain tsc with the root tsconfig, which has no
// aliases for workspace names. The runtime tests import "@clipia/sdk".
import { describe, expectTypeOf, it } from "vitest";
import Clipia, {
  type Account,
  type ApiKey,
  type ApiKeyWithSecret,
  APIError,
  type ClipiaOptions,
  type ErrorCode,
  type Generation,
  type GenerationStatus,
  InsufficientScopeError,
  type Model,
  type Page,
  type PagePromise,
  RateLimitError,
  type RequestOptions,
  type WaitOptions,
  verifyWebhook,
  Clipia as NamedClipia,
} from "@clipia/sdk";

declare const clipia: Clipia;

describe("client", () => {
  it("is both the default and a named export", () => {
    expectTypeOf(NamedClipia).toEqualTypeOf<typeof Clipia>();
  });

  it("pins the option shapes", () => {
    expectTypeOf<ClipiaOptions["authScheme"]>().toEqualTypeOf<"bearer" | "key" | "x-api-key" | undefined>();
    expectTypeOf<ClipiaOptions["logLevel"]>().toEqualTypeOf<"off" | "error" | "warn" | "info" | "debug" | undefined>();
    expectTypeOf<keyof RequestOptions>().toEqualTypeOf<"signal" | "timeout" | "maxRetries" | "idempotencyKey" | "headers">();
    expectTypeOf<keyof WaitOptions>().toEqualTypeOf<"pollInterval" | "timeout" | "signal" | "onUpdate">();
    expectTypeOf(clipia.environment).toEqualTypeOf<"live" | "test" | "admin">();
    // @ts-expect-error: not a scheme the API accepts
    new Clipia({ authScheme: "basic" });
    // @ts-expect-error: options are camelCase
    new Clipia({ max_retries: 3 });
    // @ts-expect-error: an unknown per-call option
    void clipia.account.retrieve({ retries: 1 });
  });

  it("keeps the key out of the public surface", () => {
    expectTypeOf<Clipia>().not.toHaveProperty("apiKey");
  });
});

describe("resources", () => {
  it("pins return types", () => {
    expectTypeOf(clipia.account.retrieve()).resolves.toExtend<Account & { _request_id: string | null }>();
    expectTypeOf(clipia.models.retrieve("clipia-video-1")).resolves.toExtend<Model>();
    expectTypeOf(clipia.models.list()).toEqualTypeOf<PagePromise<Model>>();
    expectTypeOf(clipia.models.list()).resolves.toEqualTypeOf<Page<Model>>();
    expectTypeOf(clipia.generations.create("m", { input: {} })).resolves.toExtend<Generation>();
    expectTypeOf(clipia.generations.retrieve("gen_1")).resolves.toExtend<Generation>();
    expectTypeOf(clipia.generations.cancel("gen_1")).resolves.toExtend<Generation>();
    expectTypeOf(clipia.generations.wait("gen_1")).resolves.toExtend<Generation>();
    expectTypeOf(clipia.generations.list({ status: "queued" })).toEqualTypeOf<PagePromise<Generation>>();
    expectTypeOf(clipia.run("m", { input: {} })).resolves.toExtend<Generation>();
    expectTypeOf(clipia.keys.create({ name: "ci", environment: "test" })).resolves.toExtend<ApiKeyWithSecret>();
    expectTypeOf(clipia.keys.roll("key_1")).resolves.toHaveProperty("secret").toEqualTypeOf<string>();
    expectTypeOf(clipia.keys.list()).toEqualTypeOf<PagePromise<ApiKey>>();
    expectTypeOf(clipia.keys.revoke("key_1")).resolves.toExtend<ApiKey>();
    expectTypeOf<Generation["status"]>().toEqualTypeOf<GenerationStatus>();
    expectTypeOf<GenerationStatus>().toEqualTypeOf<"queued" | "in_progress" | "completed" | "failed" | "canceled">();
  });

  it("rejects wrong bodies and queries", () => {
    // @ts-expect-error: input is required
    void clipia.generations.create("m", { metadata: {} });
    // @ts-expect-error: environment must be live or test
    void clipia.keys.create({ name: "x", environment: "admin" });
    // @ts-expect-error: not a generation status
    void clipia.generations.list({ status: "done" });
  });

  it("pages are async-iterable over items", () => {
    expectTypeOf(clipia.models.list()).toExtend<AsyncIterable<Model>>();
    expectTypeOf<Page<Generation>>().toExtend<AsyncIterable<Generation>>();
    expectTypeOf<Page<Generation>["next_cursor"]>().toEqualTypeOf<string | null>();
  });
});

describe("errors", () => {
  it("code is the string-literal union of the contract", () => {
    expectTypeOf<APIError["code"]>().toEqualTypeOf<ErrorCode | null>();
    expectTypeOf<"rate_limited">().toExtend<ErrorCode>();
    expectTypeOf<"no_such_code">().not.toExtend<ErrorCode>();
    // Exactly the codes of SPEC §3's table, no more, no fewer.
    expectTypeOf<ErrorCode>().toEqualTypeOf<
      | "invalid_request" | "invalid_json" | "conflicting_credentials" | "parameter_immutable"
      | "invalid_api_key"
      | "insufficient_credits" | "credit_limit_reached"
      | "insufficient_scope" | "admin_key_required" | "api_key_required" | "model_not_allowed" | "ip_not_allowed"
      | "not_found" | "model_not_found" | "generation_not_found" | "key_not_found"
      | "method_not_allowed" | "payload_too_large" | "unsupported_media_type"
      | "idempotency_key_reused" | "idempotency_request_in_progress" | "generation_not_cancelable" | "key_revoked" | "key_expired"
      | "rate_limited"
      | "internal_error" | "service_unavailable"
    >();
    expectTypeOf<InsufficientScopeError["code"]>().toEqualTypeOf<"insufficient_scope">();
    expectTypeOf<InsufficientScopeError["requiredScope"]>().toEqualTypeOf<"generate" | "read">();
    expectTypeOf<RateLimitError["retryAfter"]>().toEqualTypeOf<number | null>();
    expectTypeOf<RateLimitError["status"]>().toEqualTypeOf<429>();
  });
});

describe("webhooks", () => {
  it("returns a Generation", () => {
    expectTypeOf(verifyWebhook("", {}, "whsec_x")).resolves.toEqualTypeOf<Generation>();
    expectTypeOf(verifyWebhook).parameter(1).toExtend<Headers | Record<string, string | string[] | undefined>>();
  });
});
