import { type APIPromise, apiPromise } from "../internal/api-promise.js";
import type { Requester } from "../internal/requester.js";
import type { RequestOptions } from "../options.js";
import type { Account as AccountObject } from "../types.js";

/** `GET /v1/account`. */
export interface Account {
  /** The balance of the key's account and the key's usage over 30 days. Needs no scope. */
  retrieve(options?: RequestOptions): APIPromise<AccountObject>;
}

/** @internal `clipia.account`: each method is one call through the client. */
export const account = (requester: Requester): Account => ({
  retrieve: (options) => apiPromise(requester.request({ method: "GET", path: "/v1/account", options })),
});
