// Wire types, named from openapi.yaml's schemas (snake_case, as the API writes them).
import type { components } from "./generated/schema.js";
import type { ModelInputs, ModelTypes } from "./generated/models.js";

type Schemas = components["schemas"];

/** `IN_QUEUE` → `IN_PROGRESS` → `COMPLETED` | `FAILED` | `CANCELED` (the last three are terminal). */
export type RequestStatus = Schemas["RequestStatus"];
/** What submit answers: the request id, its status, queue position, URLs and reserved `cost`. */
export type SubmitResponse = Schemas["SubmitResponse"];
/** `queue.status`: status, `queue_position` while queued, `progress` while running, `logs`. */
export type StatusResponse = Schemas["StatusResponse"];
/** A terminal request: `output` when `COMPLETED`, `error` when `FAILED` / `CANCELED`. */
export type ResultResponse = Schemas["ResultResponse"];
/** What the result endpoint answers (202) while the request is `IN_QUEUE` / `IN_PROGRESS`. */
export type PendingResult = Schemas["PendingResult"];
/**
 * `{images}` for image models, `{video}` for video models, or an object of another shape (an
 * audio model, or a type added later): check which before reading it.
 */
export type RequestOutput = Schemas["RequestOutput"];
/** The output of an image model: `{images: [{url, original_url, width, height}]}`. */
export type ImageOutput = Schemas["ImageOutput"];
/** The output of a video model: `{video: {url, original_url, width, height, duration}}`. */
export type VideoOutput = Schemas["VideoOutput"];
/** An image of `output.images`. */
export type ImageAsset = Schemas["ImageAsset"];
/** The `output.video` of a video model. */
export type VideoAsset = Schemas["VideoAsset"];
/** Why a request ended `FAILED` (`GENERATION_FAILED`) or `CANCELED` (`GENERATION_CANCELED`). */
export type GenerationError = Schemas["GenerationError"];
/** A generation model as `models.list` lists it. */
export type Model = Schemas["Model"];
/** A generation model with its `input_schema` (a field map). */
export type ModelDetail = Schemas["ModelDetail"];
/** An OpenRouter-shaped text model of the unified catalog. */
export type TextModel = Schemas["TextModel"];
/** One field of a model's `input_schema`. */
export type InputField = Schemas["InputField"];
/** `{object: "list", data}`: generation and text models. */
export type ModelList = Schemas["ModelList"];
/** `models.estimate`: `{credits}`, the exact cost of an input. */
export type EstimateResponse = Schemas["EstimateResponse"];
/** The account of the calling key: balance and the key's 30-day usage. */
export type Account = Schemas["Account"];
/** The calling key: `label`, `usage`, budget and rate limit. */
export type KeyInfo = Schemas["KeyInfo"];
/**
 * The cost of a finished chat completion (AI gateway): `total_cost` in fractional credits (for a
 * test key, what a live key would be charged), token counts, `streamed`, `finish_reason`.
 */
export type ChatGeneration = Schemas["ChatGeneration"];
/** A key scope. */
export type Scope = "generate" | "read";
/** Every error `code` the API documents. */
export type ErrorCode = Schemas["ErrorCode"];
/** Every error `type` the API documents. */
export type ErrorType = Schemas["ErrorType"];

/** What `queue.result` resolves: a terminal result, or a pending one (the API answered 202). */
export type QueueResult = (ResultResponse & { pending: false }) | (PendingResult & { pending: true });

/** The `output` of a model: images or a video for a catalog slug, either for any other. */
export type OutputOf<M extends string> = M extends keyof ModelTypes
  ? ModelTypes[M] extends "image"
    ? ImageOutput
    : VideoOutput
  : RequestOutput;

/**
 * What `wait` and `subscribe` resolve: a `COMPLETED` result, its `output` set (for `subscribe`
 * to a catalog slug, `ImageOutput` or `VideoOutput` as the model's type says).
 */
export type CompletedResult<M extends string = string> = Omit<ResultResponse, "status" | "output" | "error"> & {
  status: "COMPLETED";
  output: OutputOf<M>;
  error: null;
  pending: false;
};

/** The slugs whose input is typed (the sandbox catalog's generation models). */
export type ModelSlug = keyof ModelInputs;

/** The `input` of a model: typed for a known slug, open for any other. */
export type ModelInput<M extends string> = M extends ModelSlug ? ModelInputs[M] : Record<string, unknown>;

/** Body of `queue.submit` / `subscribe`: the model's `input` and an optional `webhook_url`. */
export interface SubmitParams<M extends string = string> {
  input: ModelInput<M>;
  /** Where to POST the outcome (https, or http on a loopback host). */
  webhook_url?: string | undefined;
}

/** Body of `models.estimate`. */
export interface EstimateParams<M extends string = string> {
  input: ModelInput<M>;
}
