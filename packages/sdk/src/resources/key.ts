import { apiPromise, type APIPromise } from "../internal/api-promise.js";
import type { RequestOptions } from "../options.js";
import { APIResource } from "../resource.js";
import type { KeyInfo } from "../types.js";

/** `GET /v1/key`: the calling key. */
export class Key extends APIResource {
  /** The calling key: `label`, `usage`, credit `limit` and `limit_remaining`, `rate_limit` (the API's `data`, unwrapped). */
  retrieve(options?: RequestOptions): APIPromise<KeyInfo> {
    return apiPromise(
      this._client._req<{ data: KeyInfo }>("GET", "/v1/key", options).then(({ data, response }) => ({ data: data.data, response })),
    );
  }
}
