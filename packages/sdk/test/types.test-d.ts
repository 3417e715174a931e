import Clipia, {
  type Account,
  type APIError,
  type ChatGeneration,
  type APIPromise,
  type AuthenticationError,
  type ClipiaOptions,
  type CompletedResult,
  type components,
  type ConflictError,
  type ErrorCode,
  type EstimateResponse,
  type ImageOutput,
  type InsufficientCreditsError,
  type InsufficientScopeError,
  type InternalServerError,
  type KeyInfo,
  isGenerationModel,
  isTextModel,
  type Model,
  type ModelDetail,
  type ModelInput,
  type ModelList,
  type PermissionDeniedError,
  type QueueResult,
  type RateLimit,
  type RateLimitError,
  type RequestOptions,
  type RequestOutput,
  type ResultResponse,
  type StatusResponse,
  type SubmitResponse,
  type SubscriptionRequiredError,
  type TextModel,
  type UnprocessableEntityError,
  type VideoOutput,
  type WaitOptions,
  type WebhookVerificationError,
  Clipia as NamedClipia,
  type GenerationFailedError,
  verifyWebhook,
} from "@clipia/sdk";
import { describe, expectTypeOf, it } from "vitest";

declare const clipia: Clipia;

describe("the client", () => {
  it("is both the default and a named export", () => {
    expectTypeOf(NamedClipia).toEqualTypeOf<typeof Clipia>();
  });

  it("pins the option shapes", () => {
    expectTypeOf<ClipiaOptions["authScheme"]>().toEqualTypeOf<"bearer" | "key" | "x-api-key" | undefined>();
    expectTypeOf<ClipiaOptions["logLevel"]>().toEqualTypeOf<"off" | "error" | "warn" | "info" | "debug" | undefined>();
    expectTypeOf<keyof RequestOptions>().toEqualTypeOf<
      "signal" | "timeout" | "maxRetries" | "idempotencyKey" | "headers"
    >();
    expectTypeOf<keyof WaitOptions>().toEqualTypeOf<"pollInterval" | "timeout" | "signal" | "onQueueUpdate">();
    expectTypeOf(clipia.environment).toEqualTypeOf<"live" | "test">();
    // @ts-expect-error: not a scheme the API accepts
    new Clipia({ authScheme: "basic" });
    // @ts-expect-error: options are camelCase
    new Clipia({ max_retries: 3 });
    // @ts-expect-error: an unknown per-call option
    void clipia.account.retrieve({ retries: 1 });
  });

  it("keeps the key out of its public surface", () => {
    expectTypeOf<Clipia>().not.toHaveProperty("apiKey");
  });

  it("has only documented members: no @internal hook for the resources", () => {
    expectTypeOf<keyof Clipia>().toEqualTypeOf<
      | "baseUrl"
      | "environment"
      | "authScheme"
      | "timeout"
      | "maxRetries"
      | "raw"
      | "queue"
      | "models"
      | "account"
      | "key"
      | "generation"
      | "toJSON"
      | "subscribe"
    >();
  });
});

describe("resources", () => {
  it("return an APIPromise of the wire object", () => {
    expectTypeOf(clipia.queue.submit("nano-banana-2", { input: { prompt: "x" } })).toEqualTypeOf<
      APIPromise<SubmitResponse>
    >();
    expectTypeOf(clipia.queue.status("id")).toEqualTypeOf<APIPromise<StatusResponse>>();
    expectTypeOf(clipia.queue.result("id")).toEqualTypeOf<APIPromise<QueueResult>>();
    expectTypeOf(clipia.models.list()).toEqualTypeOf<APIPromise<ModelList>>();
    expectTypeOf(clipia.models.retrieve("x")).toEqualTypeOf<APIPromise<ModelDetail | TextModel>>();
    expectTypeOf(clipia.models.estimate("x", { input: {} })).toEqualTypeOf<APIPromise<EstimateResponse>>();
    expectTypeOf(clipia.account.retrieve()).toEqualTypeOf<APIPromise<Account>>();
    expectTypeOf(clipia.key.retrieve()).toEqualTypeOf<APIPromise<KeyInfo>>();
    expectTypeOf(clipia.generation.retrieve("chatcmpl-3f9a1c7e2b41")).toEqualTypeOf<APIPromise<ChatGeneration>>();
  });

  it("generation.retrieve resolves the chat cost from openapi.yaml's ChatGeneration", () => {
    expectTypeOf<ChatGeneration>().toEqualTypeOf<components["schemas"]["ChatGeneration"]>();
    expectTypeOf<ChatGeneration["total_cost"]>().toEqualTypeOf<number>();
    expectTypeOf<ChatGeneration["finish_reason"]>().toEqualTypeOf<
      "stop" | "length" | "tool_calls" | "content_filter"
    >();
    // @ts-expect-error: the id is required
    void clipia.generation.retrieve();
  });

  it(".withResponse() adds the Response and the rate limit", () => {
    expectTypeOf(clipia.account.retrieve().withResponse()).resolves.toEqualTypeOf<{
      data: Account;
      response: Response;
      rateLimit: RateLimit | null;
    }>();
    expectTypeOf<RateLimit>().toEqualTypeOf<{ limit: number; remaining: number; reset: number }>();
  });

  it("queue.result is a union discriminated by pending", async () => {
    const result = await clipia.queue.result("id");
    if (result.pending) {
      expectTypeOf(result.status).toEqualTypeOf<"IN_QUEUE" | "IN_PROGRESS">();
      // @ts-expect-error: a pending result has no output
      void result.output;
    } else {
      expectTypeOf(result.status).toEqualTypeOf<"COMPLETED" | "FAILED" | "CANCELED">();
      expectTypeOf(result.output).toEqualTypeOf<RequestOutput | null>();
    }
  });

  it("wait and subscribe resolve a completed result: output is not nullable", () => {
    expectTypeOf(clipia.queue.wait("id")).resolves.toEqualTypeOf<CompletedResult>();
    expectTypeOf<CompletedResult["output"]>().toEqualTypeOf<RequestOutput>();
    expectTypeOf<CompletedResult["status"]>().toEqualTypeOf<"COMPLETED">();
    type Output<P> = Awaited<P> extends { output: infer O } ? O : never;
    expectTypeOf<Output<ReturnType<typeof clipia.subscribe<"nano-banana-2">>>>().toEqualTypeOf<ImageOutput>();
    expectTypeOf<Output<ReturnType<typeof clipia.subscribe<"kling-3">>>>().toEqualTypeOf<VideoOutput>();
    expectTypeOf<Output<ReturnType<typeof clipia.subscribe<string>>>>().toEqualTypeOf<RequestOutput>();
    expectTypeOf<Output<ReturnType<typeof clipia.subscribe<"brand-new-model">>>>().toEqualTypeOf<RequestOutput>();
  });

  it("onQueueUpdate receives the status", () => {
    void clipia.subscribe(
      "flux-2-pro",
      { input: { prompt: "x" } },
      {
        onQueueUpdate: (status) => expectTypeOf(status).toEqualTypeOf<StatusResponse>(),
      },
    );
  });

  it("models.list is the union of both entry shapes, narrowed by isGenerationModel / isTextModel", async () => {
    expectTypeOf<ModelList["data"][number]>().toEqualTypeOf<Model | TextModel>();
    const { data } = await clipia.models.list();
    const entry = data[0]!;
    // Only what both shapes carry is readable before narrowing.
    expectTypeOf(entry.id).toEqualTypeOf<string>();
    expectTypeOf(entry.object).toEqualTypeOf<"model">();
    // @ts-expect-error: a text model has no slug
    void entry.slug;
    // @ts-expect-error: a generation model has no context_length
    void entry.context_length;
    if (isTextModel(entry)) {
      expectTypeOf(entry).toEqualTypeOf<TextModel>();
      expectTypeOf(entry.pricing.prompt).toEqualTypeOf<string>();
    } else {
      expectTypeOf(entry).toEqualTypeOf<Model>();
      expectTypeOf(entry.pricing.credits).toEqualTypeOf<number>();
    }
    const detail = await clipia.models.retrieve("x");
    if (isGenerationModel(detail)) expectTypeOf(detail).toEqualTypeOf<ModelDetail>();
    else expectTypeOf(detail).toEqualTypeOf<TextModel>();
  });

  it("tells the two shapes of catalog entry apart", async () => {
    const { data } = await clipia.models.list();
    for (const model of data) {
      if (isGenerationModel(model)) expectTypeOf(model).toEqualTypeOf<Model>();
      else expectTypeOf(model).toEqualTypeOf<TextModel>();
      if (isTextModel(model)) expectTypeOf(model.context_length).toEqualTypeOf<number>();
    }
  });

  it("raw is the typed openapi-fetch client", async () => {
    const { data } = await clipia.raw.GET("/v1/account");
    expectTypeOf(data).toEqualTypeOf<Account | undefined>();
    // @ts-expect-error: not a path of the contract
    void clipia.raw.GET("/v1/generations");
  });
});

describe("per-model input", () => {
  it("is checked for a catalog slug: fields, types, enums, required fields", () => {
    void clipia.queue.submit("nano-banana-2", {
      input: { prompt: "x", aspect_ratio: "16:9", num_images: 2, image_urls: ["https://a"] },
    });
    void clipia.queue.submit("seedance-2-fast-i2v", {
      input: { prompt: "x", image_url: "https://a", duration: 10, resolution: "480p" },
    });
    // What Clipia's own code sends (SPEC v3 §2): duration 8, no prompt on i2v, "4k" in lower case.
    void clipia.queue.submit("seedance-2-fast-i2v", { input: { image_url: "https://a", duration: 8 } });
    void clipia.models.estimate("seedance-2-fast-t2v", { input: { prompt: "x", duration: 8, resolution: "1080p" } });
    void clipia.queue.submit("nano-banana-2", { input: { prompt: "x", image_url: "https://a", resolution: "4k" } });
    // @ts-expect-error: an unknown field
    void clipia.queue.submit("nano-banana-2", { input: { prompt: "x", duration_seconds: 5 } });
    // @ts-expect-error: a value outside the enum
    void clipia.queue.submit("nano-banana-2", { input: { prompt: "x", aspect_ratio: "2:1" } });
    // @ts-expect-error: duration is a number of seconds, not a string
    void clipia.queue.submit("kling-3", { input: { prompt: "x", duration: "7" } });
    // @ts-expect-error: a wrong type
    void clipia.queue.submit("wan-2-7", { input: { prompt: "x", generate_audio: "yes" } });
    // @ts-expect-error: the start frame is required on the i2v model
    void clipia.queue.submit("seedance-2-fast-i2v", { input: { prompt: "x" } });
    // @ts-expect-error: prompt is required
    void clipia.subscribe("flux-2-pro", { input: {} });
    // @ts-expect-error: estimate is typed the same way
    void clipia.models.estimate("sora-2", { input: { prompt: "x", resolution: "8K" } });
    // @ts-expect-error: input is required
    void clipia.queue.submit("nano-banana-2", { webhook_url: "https://x" });
  });

  it("is open for any other slug", () => {
    void clipia.queue.submit("tomorrows-model", { input: { whatever: [1, 2, 3] } });
    expectTypeOf<ModelInput<"tomorrows-model">>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<ModelInput<string>>().toEqualTypeOf<Record<string, unknown>>();
  });
});

describe("errors", () => {
  it("narrow code per class", () => {
    expectTypeOf<ConflictError["code"]>().toEqualTypeOf<"idempotency_key_reuse" | "request_in_progress">();
    expectTypeOf<AuthenticationError["code"]>().toEqualTypeOf<"invalid_api_key">();
    expectTypeOf<UnprocessableEntityError["code"]>().toEqualTypeOf<"model_input_invalid">();
    expectTypeOf<UnprocessableEntityError["status"]>().toEqualTypeOf<422>();
    expectTypeOf<RateLimitError["code"]>().toEqualTypeOf<"rate_limit_exceeded">();
    expectTypeOf<InsufficientScopeError["code"]>().toEqualTypeOf<"insufficient_scope">();
    expectTypeOf<SubscriptionRequiredError["code"]>().toEqualTypeOf<"subscription_required">();
    expectTypeOf<SubscriptionRequiredError["status"]>().toEqualTypeOf<402>();
    expectTypeOf<SubscriptionRequiredError>().toExtend<InsufficientCreditsError>();
    expectTypeOf<PermissionDeniedError["code"]>().toEqualTypeOf<
      "insufficient_scope" | "model_not_allowed" | "ip_not_allowed"
    >();
    expectTypeOf<"internal_error">().toExtend<InternalServerError["code"]>();
    expectTypeOf<null>().toExtend<InternalServerError["code"]>();
    expectTypeOf<ErrorCode>().toExtend<APIError["code"]>();
    expectTypeOf<null>().toExtend<APIError["code"]>();
    const error = {} as ConflictError;
    // @ts-expect-error: a typo is caught
    void (error.code === "request_in_progres");
  });

  it("carry their extra fields", () => {
    expectTypeOf<RateLimitError["retryAfter"]>().toEqualTypeOf<number | null>();
    expectTypeOf<APIError["rateLimit"]>().toEqualTypeOf<RateLimit | null>();
    expectTypeOf<InsufficientScopeError["requiredScope"]>().toEqualTypeOf<"generate" | "read">();
    expectTypeOf<GenerationFailedError["result"]>().toEqualTypeOf<ResultResponse>();
    expectTypeOf<WebhookVerificationError["reason"]>().toEqualTypeOf<
      "missing_header" | "malformed_header" | "timestamp_out_of_range" | "signature_mismatch" | "invalid_payload"
    >();
  });
});

describe("verifyWebhook", () => {
  it("takes a string or bytes and resolves an event narrowed on status", async () => {
    const event = await verifyWebhook(new Uint8Array(), new Headers(), "whsec_x");
    await verifyWebhook("{}", { "x-clipia-signature": ["t=1,v1=a"] }, "whsec_x", { tolerance: 60 });
    if (event.status === "OK") expectTypeOf(event.payload.output).toEqualTypeOf<RequestOutput>();
    else expectTypeOf(event.error.code).toEqualTypeOf<"GENERATION_FAILED" | "GENERATION_CANCELED">();
    // @ts-expect-error: the body must be raw (a string or bytes), not parsed JSON
    void verifyWebhook({ request_id: "x" }, new Headers(), "whsec_x");
  });
});
