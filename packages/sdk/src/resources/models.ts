import type { Clipia } from "../client.js";
import { apiPromise, type APIPromise } from "../internal/api-promise.js";
import type { RequestOptions } from "../options.js";
import type { EstimateParams, EstimateResponse, ModelDetail, ModelList, ModelSlug, TextModel } from "../types.js";

/** `/v1/models`: the catalog (generation and text models) and the price of an input. */
export interface Models {
  /**
   * Every model of the catalog, in one list (no pagination).
   * @example
   * ```ts
   * const { data } = await clipia.models.list();
   * for (const model of data) if (model.type !== "text") console.log(model.slug, model.pricing.credits);
   * ```
   */
  list(options?: RequestOptions): APIPromise<ModelList>;

  /** One model by slug: a generation model with its `input_schema`, or a text model. `NotFoundError` when unknown. */
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
export const models = (client: Clipia): Models => ({
  list: (options) => apiPromise(client._req("GET", "/v1/models", options)),
  retrieve: (slug, options) => apiPromise(client._req("GET", "/v1/models/{model}", options, { model: slug })),
  estimate: (slug, body, options) => apiPromise(client._req("POST", "/v1/models/{model}/estimate", options, { model: slug }, body)),
});
