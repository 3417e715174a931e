import { type APIPromise, apiPromise } from "../internal/api-promise.js";
import type { Requester } from "../internal/requester.js";
import type { RequestOptions } from "../options.js";
import type { KeyInfo } from "../types.js";

/** `GET /v1/key`: the calling key. */
export interface Key {
  /**
   * The calling key: `label`, `usage`, credit `limit` and `limit_remaining`, `rate_limit` (the
   * API's `data`, unwrapped).
   */
  retrieve(options?: RequestOptions): APIPromise<KeyInfo>;
}

/** @internal `clipia.key`: each method is one call through the client. */
export const key = (requester: Requester): Key => ({
  retrieve: (options) =>
    apiPromise(
      requester
        .request<{ data: KeyInfo }>({ method: "GET", path: "/v1/key", options })
        .then(({ data, response }) => ({ data: data.data, response })),
    ),
});
