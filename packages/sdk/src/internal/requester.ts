import type { RequestOptions } from "../options.js";

/** The submit's path template (`POST`): the call that sends an `Idempotency-Key`. */
export const SUBMIT_PATH = "/v1/models/{model}";

/** One API call as a resource method describes it. */
export interface ApiCall {
  method: "GET" | "POST";
  /** A path template of openapi.yaml (`/v1/requests/{request_id}`). */
  path: string;
  /** The values of the template's parameters. */
  pathParams?: Record<string, string>;
  /** The query string's parameters (`GET /v1/generation?id=`), encoded by openapi-fetch. */
  query?: Record<string, string>;
  /** The JSON body. */
  body?: unknown;
  /** The caller's last argument. */
  options?: RequestOptions | undefined;
  /** Send one `Idempotency-Key` on every attempt: set by `queue.submit`. */
  idempotent?: boolean;
}

/** The parsed body of a 2xx answer and the answer itself. */
export interface ApiResponse<T> {
  data: T;
  response: Response;
}

/**
 * What a resource needs of the client: one call through its transport (auth, retries, timeout,
 * middleware, errors), and the key scrubbed out of a value before an error carries it.
 */
export interface Requester {
  request<T>(call: ApiCall): Promise<ApiResponse<T>>;
  scrub<T>(value: T): T;
}
