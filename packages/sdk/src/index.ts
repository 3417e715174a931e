// The client
import { Clipia } from "./client.js";
export { Clipia };
export default Clipia;
export type { AuthScheme, ClipiaEnvironment, ClipiaOptions, Fetch, RequestOptions } from "./options.js";
export type { Logger, LogLevel } from "./internal/logger.js";
export type { APIPromise, WithResponse } from "./internal/api-promise.js";
export type { RateLimit } from "./internal/rate-limit.js";
export { VERSION } from "./version.js";

// Resources
export type { Account as AccountResource } from "./resources/account.js";
export type { Generation as GenerationResource } from "./resources/generation.js";
export type { Key as KeyResource } from "./resources/key.js";
export type { Models as ModelsResource } from "./resources/models.js";
export { isGenerationModel, isTextModel } from "./resources/models.js";
export { isImageOutput, isVideoOutput } from "./outputs.js";
export type { Queue as QueueResource, WaitOptions } from "./resources/queue.js";

// Wire types (generated from openapi.yaml) and per-model inputs (generated from the catalog)
export type {
  Account,
  ChatGeneration,
  CompletedResult,
  ErrorCode,
  ErrorType,
  EstimateParams,
  EstimateResponse,
  GenerationError,
  ImageAsset,
  ImageOutput,
  InputField,
  KeyInfo,
  Model,
  ModelDetail,
  ModelInput,
  ModelList,
  ModelSlug,
  OutputOf,
  PendingResult,
  QueueResult,
  RequestOutput,
  RequestStatus,
  ResultResponse,
  Scope,
  StatusResponse,
  SubmitParams,
  SubmitResponse,
  TextModel,
  VideoAsset,
  VideoOutput,
} from "./types.js";
export type { ModelInputs, ModelTypes } from "./generated/models.js";
export type { components, operations, paths } from "./generated/schema.js";

// Errors
export {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ClipiaConfigError,
  ClipiaError,
  ConflictError,
  GenerationCanceledError,
  GenerationFailedError,
  InsufficientCreditsError,
  InsufficientScopeError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  SubscriptionRequiredError,
  UnprocessableEntityError,
  WebhookVerificationError,
} from "./errors.js";
export type { APIErrorInit, WebhookVerificationReason } from "./errors.js";

// Webhooks
export { verifyWebhook } from "./webhooks.js";
export type {
  VerifyWebhookOptions,
  WebhookErrorEvent,
  WebhookEvent,
  WebhookHeaders,
  WebhookOkEvent,
} from "./webhooks.js";
