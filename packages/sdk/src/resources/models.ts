import { type APIPromise, apiPromise } from "../internal/api-promise.js";
import type { Requester } from "../internal/requester.js";
import type { RequestOptions } from "../options.js";
import type {
  EstimateParams,
  EstimateResponse,
  Model,
  ModelDetail,
  ModelList,
  ModelSlug,
  TextModel,
} from "../types.js";

/**
 * Whether a catalog entry is a generation model (image, video, audio, or a type added later)
 * rather than an OpenRouter-shaped text model: generation entries carry a `slug`, text entries
 * only an `id` (both carry `id` and `object: "model"`).
 * @example
 * ```ts
 * const { data } = await clipia.models.list();
 * for (const model of data) if (isGenerationModel(model)) console.log(model.slug, model.pricing.credits);
 * ```
 */
export function isGenerationModel<T extends Model | ModelDetail | TextModel>(model: T): model is Exclude<T, TextModel> {
  return typeof (model as { slug?: unknown }).slug === "string";
}

/** Whether a catalog entry is a text model (for `POST /v1/chat/completions`); see `isGenerationModel`. */
export function isTextModel<T extends Model | ModelDetail | TextModel>(model: T): model is Extract<T, TextModel> {
  return !isGenerationModel(model);
}

/** `/v1/models`: the catalog (generation and text models) and the price of an input. */
export interface Models {
  /**
   * Every model of the catalog, in one list (no pagination).
   * @example
   * ```ts
   * const { data } = await clipia.models.list();
   * for (const model of data) if (isGenerationModel(model)) console.log(model.slug, model.pricing.credits);
   * ```
   */
  list(options?: RequestOptions): APIPromise<ModelList>;

  /**
   * One model by slug: a generation model with its `input_schema`, or a text model. `NotFoundError`
   * when unknown.
   */
  retrieve(slug: string, options?: RequestOptions): APIPromise<ModelDetail | TextModel>;

  /**
   * The exact cost in credits of `input` on `slug`; nothing is queued or charged.
   * @example
   * ```ts
   * const { credits } = await clipia.models.estimate("kling-3", { input: { prompt: "surf", duration: 10 } });
   * ```
   */
  estimate<M extends ModelSlug | (string & {})>(
    slug: M,
    body: EstimateParams<M>,
    options?: RequestOptions,
  ): APIPromise<EstimateResponse>;
}

/** @internal `clipia.models`: each method is one call through the client. */
export const models = (requester: Requester): Models => ({
  list: (options) => apiPromise(requester.request({ method: "GET", path: "/v1/models", options })),
  retrieve: (slug, options) =>
    apiPromise(requester.request({ method: "GET", path: "/v1/models/{model}", pathParams: { model: slug }, options })),
  estimate: (slug, body, options) =>
    apiPromise(
      requester.request({
        method: "POST",
        path: "/v1/models/{model}/estimate",
        pathParams: { model: slug },
        body,
        options,
      }),
    ),
});
