// The client
import { Clipia } from "./client.js";
export { Clipia };
export default Clipia;
export type {
  AuthScheme,
  ClipiaEnvironment,
  ClipiaOptions,
  Fetch,
  RequestOptions,
} from "./options.js";
export type { Logger, LogLevel } from "./internal/logger.js";
export { VERSION } from "./version.js";

// Resources
export type { Account as AccountResource } from "./resources/account.js";
export type { Generations, WaitOptions } from "./resources/generations.js";
export type { Keys } from "./resources/keys.js";
export type { Models } from "./resources/models.js";

// Pagination
export { Page, PagePromise } from "./internal/pagination.js";
export type { ListBody } from "./internal/pagination.js";

// Wire types (generated from openapi.yaml)
export type {
  Account,
  ApiKey,
  ApiKeyWithSecret,
  ErrorCode,
  ErrorDetail,
  Generation,
  GenerationCreateParams,
  GenerationListParams,
  GenerationOutput,
  GenerationStatus,
  KeyCreateParams,
  KeyListParams,
  KeyRollParams,
  KeyStatus,
  KeyUpdateParams,
  Model,
  ModelAccess,
  ModelListParams,
  Scope,
  WithRequestId,
} from "./types.js";
export type { components, operations, paths } from "./generated/schema.js";

// Errors
export {
  AdminKeyRequiredError,
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
  IpNotAllowedError,
  ModelNotAllowedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  WebhookVerificationError,
} from "./errors.js";
export type { APIErrorInit, WebhookVerificationReason } from "./errors.js";

// Webhooks
export { verifyWebhook } from "./webhooks.js";
export type { VerifyWebhookOptions, WebhookHeaders } from "./webhooks.js";
