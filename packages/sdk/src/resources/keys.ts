import type { RequestOptions } from "../options.js";
import type { PagePromise } from "../internal/pagination.js";
import { APIResource } from "../resource.js";
import type {
  ApiKey,
  ApiKeyWithSecret,
  KeyCreateParams,
  KeyListParams,
  KeyRollParams,
  KeyUpdateParams,
  WithRequestId,
} from "../types.js";

/** `/v1/keys*`: API key management. Needs a `clipia_admin_` key (else `AdminKeyRequiredError`). */
export class Keys extends APIResource {
  /**
   * Creates an API key; the response's `secret` is shown this once. Sends a generated
   * `Idempotency-Key` so a retry never creates two keys.
   * @example
   * ```ts
   * const key = await admin.keys.create({ name: "ci", environment: "test", scopes: ["read"] });
   * ```
   */
  async create(body: KeyCreateParams, options?: RequestOptions): Promise<WithRequestId<ApiKeyWithSecret>> {
    const { data } = await this._client._request((init) => this._client.raw.POST("/v1/keys", { body, ...init }), options, true);
    return data;
  }

  /** Lists the account's keys (filters `status`, `environment`); `for await` walks every page. */
  list(query: KeyListParams = {}, options?: RequestOptions): PagePromise<ApiKey> {
    return this._client._list(
      (init) => this._client.raw.GET("/v1/keys", { params: { query }, ...init }),
      options,
      (after) => this.list({ ...query, after }, options),
    );
  }

  /** One key by id (`key_…`). */
  async retrieve(id: string, options?: RequestOptions): Promise<WithRequestId<ApiKey>> {
    const { data } = await this._client._request(
      (init) => this._client.raw.GET("/v1/keys/{id}", { params: { path: { id } }, ...init }),
      options,
    );
    return data;
  }

  /** Changes a key's settings (not its environment). */
  async update(id: string, body: KeyUpdateParams, options?: RequestOptions): Promise<WithRequestId<ApiKey>> {
    const { data } = await this._client._request(
      (init) => this._client.raw.PATCH("/v1/keys/{id}", { params: { path: { id } }, body, ...init }),
      options,
    );
    return data;
  }

  /** Revokes a key, immediately and for good (idempotent). */
  async revoke(id: string, options?: RequestOptions): Promise<WithRequestId<ApiKey>> {
    const { data } = await this._client._request(
      (init) => this._client.raw.DELETE("/v1/keys/{id}", { params: { path: { id } }, ...init }),
      options,
    );
    return data;
  }

  /**
   * Issues a new key with the same settings; the old one expires after
   * `expire_current_in_seconds` (default 0). Idempotent like `create`.
   */
  async roll(id: string, body: KeyRollParams = {}, options?: RequestOptions): Promise<WithRequestId<ApiKeyWithSecret>> {
    const { data } = await this._client._request(
      (init) => this._client.raw.POST("/v1/keys/{id}/roll", { params: { path: { id } }, body, ...init }),
      options,
      true,
    );
    return data;
  }
}
