import type { RequestOptions } from "../options.js";
import { APIResource } from "../resource.js";
import type { Account as AccountObject, WithRequestId } from "../types.js";

/** `GET /v1/account`. */
export class Account extends APIResource {
  /** The account of the calling key, with its balance and the key itself (redacted). */
  async retrieve(options?: RequestOptions): Promise<WithRequestId<AccountObject>> {
    const { data } = await this._client._request((init) => this._client.raw.GET("/v1/account", init), options);
    return data;
  }
}
