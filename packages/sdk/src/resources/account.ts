import { apiPromise, type APIPromise } from "../internal/api-promise.js";
import type { RequestOptions } from "../options.js";
import { APIResource } from "../resource.js";
import type { Account as AccountObject } from "../types.js";

/** `GET /v1/account`. */
export class Account extends APIResource {
  /** The balance of the key's account and the key's usage over 30 days. Needs no scope. */
  retrieve(options?: RequestOptions): APIPromise<AccountObject> {
    return apiPromise(this._client._req("GET", "/v1/account", options));
  }
}
