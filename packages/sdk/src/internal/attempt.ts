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
  /** The base URL, without a trailing slash. */
  baseUrl: string;
  /**
   * The base URL when it has no path of its own (the API's, a sandbox's): an attempt's URL under it
   * is named without parsing it. Null for a base with a path. Set with {@link plainBaseOf}.
   */
  plainBase: string | null;
}

/** What the attempts of one call share, besides its signal. */
export interface CallState {
  /** `METHOD /path`, for messages: the path template until the first attempt names the real path. */
  label: string;
}

/**
 * What openapi-fetch builds in place of a Fetch `Request` while no middleware is registered: the
 * request's parts (and no `clone`, which tells it from a Request), so that {@link sendRequest}
 * builds the attempt's only Request (each one, with its AbortSignal, costs tens of µs in Node).
 */
export function LiteRequest(url: string, init: RequestInit) {
  return { ...init, url };
}

/** `baseUrl` when it has no path of its own, else null (see {@link AttemptConfig.plainBase}). */
export function plainBaseOf(baseUrl: string): string | null {
  return baseUrl.indexOf("/", baseUrl.indexOf("//") + 2) >= 0 ? null : baseUrl;
}

/**
 * The path of `url` that messages name, as `new URL(url).pathname` gives it. Under a base URL with no
 * path of its own it is what follows the base, up to the query: no URL is parsed per attempt.
 * Otherwise (a base with a path, middleware that sent the call elsewhere) it is parsed.
 */
function pathOf(url: string, plainBase: string | null): string {
  if (plainBase === null || !url.startsWith(plainBase) || url[plainBase.length] !== "/") return new URL(url).pathname;
  const query = url.indexOf("?", plainBase.length);
  return url.slice(plainBase.length, query < 0 ? undefined : query);
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

/** A fetch's init as an attempt sends it: under the call's signal, never following a redirect. */
export type AttemptRequestInit = RequestInit & { signal: AbortSignal; redirect: "manual" };

/**
 * One attempt of a call, as openapi-fetch's `fetch`: its request is a {@link LiteRequest} (no
 * middleware: that object becomes the fetch's init, not copied) or a Request built for middleware.
 * Sent by {@link sendAttempt} under the call's `signal`; the response's body capped (`capBody`).
 */
export function sendRequest(
  request: Request,
  call: CallState,
  signal: AbortSignal,
  config: AttemptConfig,
): Promise<Response> {
  const extra = { signal, redirect: "manual" } as const;
  const sent = isRequest(request)
    ? sendAttempt(request.url, request.method, request, extra, call, config)
    : sendAttempt(request.url, request.method, request.url, Object.assign(request as RequestInit, extra), call, config);
  return sent.then((response) => capBody(response, config.maxResponseBytes, signal, call.label));
}

/**
 * One attempt: sends `input` with `init` (under its signal: the caller's abort or the deadline)
 * and returns the response, its body not read yet (whoever reads it caps it: `capBody`,
 * `readCappedText`). Never follows a redirect: it would carry the key to
 * wherever `Location` points. A transport failure is an `APIConnectionError` with its cause (so
 * retried); a redirect is one without a cause (final: it would end the same); an abort rejects
 * with the signal's reason.
 */
export async function sendAttempt(
  url: string,
  method: string,
  input: Request | string,
  init: AttemptRequestInit,
  call: CallState,
  config: AttemptConfig,
): Promise<Response> {
  const { signal } = init;
  call.label = `${method} ${pathOf(url, config.plainBase)}`;
  config.log("debug", call.label);
  // Built outside the try: what throws before the fetch is under way (a Request that cannot be
  // built, a fetch that throws at once) is no transport failure, so it is not retried.
  const sent = config.fetch ? config.fetch(new Request(input, init)) : globalThis.fetch(input, init);
  let response: Response;
  try {
    response = await sent;
  } catch (failure) {
    if (signal.aborted) throw signal.reason;
    const reach = `Could not reach ${new URL(url).host} for ${call.label}: `;
    throw transportError(APIConnectionError, reach, failure, config.apiKey);
  }
  if (isRedirect(response)) throw new APIConnectionError(`${call.label}: ${response.status} redirect refused.`);
  return response;
}
