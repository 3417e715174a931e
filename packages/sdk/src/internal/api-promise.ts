import { parseRateLimit, type RateLimit } from "./rate-limit.js";

/** What `.withResponse()` resolves: the parsed body, the raw `Response` and its rate limit. */
export interface WithResponse<T> {
  data: T;
  response: Response;
  /** The `RateLimit-*` headers of the response, or null when it had none. */
  rateLimit: RateLimit | null;
}

/** What every resource method returns: the data, and `.withResponse()` for the response too. */
export interface APIPromise<T> extends Promise<T> {
  /** Resolves `{data, response, rateLimit}` instead of the data alone. */
  withResponse(): Promise<WithResponse<T>>;
}

/** @internal An APIPromise over a call that resolves its data and the response it came from. */
export function apiPromise<T>(sent: Promise<{ data: T; response: Response }>): APIPromise<T> {
  const promise = sent.then((result) => result.data) as APIPromise<T>;
  promise.withResponse = () =>
    sent.then(({ data, response }) => ({ data, response, rateLimit: parseRateLimit(response.headers) }));
  return promise;
}
