import { APIConnectionError } from "../errors.js";
import type { Fetch } from "../options.js";
import { capBody } from "./body-cap.js";
import type { Log } from "./logger.js";
import { transportError } from "./transport-error.js";

/** What one attempt needs of the client: fixed for its lifetime. */
export interface AttemptConfig {
  /** The key: scrubbed from any error's cause. */
  apiKey: string;
  /** The injected fetch, or undefined: `globalThis.fetch`, looked up at call time. */
  fetch: Fetch | undefined;
  /** The most bytes a response body may have once decoded. */
  maxResponseBytes: number;
  log: Log;
}

/** What the attempts of one call share, besides its signal. */
export interface CallState {
  /** `METHOD /path`, for messages: the path template until the first attempt names the real path. */
  label: string;
}

/**
 * What openapi-fetch builds in place of a Fetch `Request` while no middleware is registered: the
 * request's parts (and no `clone`, which tells it from a Request), so that {@link sendAttempt}
 * builds the attempt's only Request (each one, with its AbortSignal, costs tens of µs in Node).
 */
export function LiteRequest(url: string, init: RequestInit) {
  return { ...init, url };
}

/** Whether `request` is a real `Request` (middleware is registered) rather than a {@link LiteRequest}. */
function isRequest(request: Request): boolean {
  return typeof (request as Partial<Request>).clone === "function";
}

/**
 * A redirect: a 3xx from a fetch that honoured `redirect: "manual"`, an opaque redirect (status 0,
 * in browsers), or one that was followed anyway.
 */
function isRedirect(response: Response): boolean {
  return (!response.ok && response.status < 400) || response.redirected;
}

/**
 * One attempt of a call, as openapi-fetch's `fetch`: sends `request` under the call's `signal` (the
 * caller's abort or the deadline) and
 * returns the response, its body capped. Never follows a redirect: it would carry the key to
 * wherever `Location` points. A transport failure is an `APIConnectionError` with its cause (so
 * retried); a redirect is one without a cause (final: it would end the same); an abort rejects
 * with the signal's reason.
 */
export async function sendAttempt(
  request: Request,
  call: CallState,
  signal: AbortSignal,
  config: AttemptConfig,
): Promise<Response> {
  const { host, pathname } = new URL(request.url);
  call.label = `${request.method} ${pathname}`;
  config.log("debug", call.label);
  // A real Request has no own fields, so init is then just the signal and the redirect mode.
  const input = isRequest(request) ? request : request.url;
  const init: RequestInit = { ...(request as RequestInit), signal, redirect: "manual" };
  // Built outside the try: what throws before the fetch is under way (a Request that cannot be
  // built, a fetch that throws at once) is no transport failure, so it is not retried.
  const sent = config.fetch ? config.fetch(new Request(input, init)) : globalThis.fetch(input, init);
  let response: Response;
  try {
    response = await sent;
  } catch (failure) {
    if (signal.aborted) throw signal.reason;
    throw transportError(APIConnectionError, `Could not reach ${host} for ${call.label}: `, failure, config.apiKey);
  }
  if (isRedirect(response)) throw new APIConnectionError(`${call.label}: ${response.status} redirect refused.`);
  return capBody(response, config.maxResponseBytes, signal, call.label);
}
