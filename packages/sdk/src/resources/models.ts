import type { RequestOptions } from "../options.js";
import type { PagePromise } from "../internal/pagination.js";
import { APIResource } from "../resource.js";
import type { Model, ModelListParams, WithRequestId } from "../types.js";

/** `/v1/models`: the catalog. */
export class Models extends APIResource {
  /**
   * Lists the models, a page at a time; `for await` walks every page.
   * @example
   * ```ts
   * for await (const model of clipia.models.list()) console.log(model.id, model.pricing);
   * ```
   */
  list(query: ModelListParams = {}, options?: RequestOptions): PagePromise<Model> {
    return this._client._list(
      (init) => this._client.raw.GET("/v1/models", { params: { query }, ...init }),
      options,
      (after) => this.list({ ...query, after }, options),
    );
  }

  /** One model by id (`clipia-video-1`); `NotFoundError` (`model_not_found`) when unknown. */
  async retrieve(model: string, options?: RequestOptions): Promise<WithRequestId<Model>> {
    const { data } = await this._client._request(
      (init) => this._client.raw.GET("/v1/models/{model}", { params: { path: { model } }, ...init }),
      options,
    );
    return data;
  }
}
