// The transport's request-side helpers: what #send builds each attempt from, and what it hands back.
import type { AuthScheme, RequestOptions } from "../options.js";
import type { WithRequestId } from "../types.js";
import { VERSION } from "../version.js";

const CLIENT_HEADER = `clipia-sdk-js/${VERSION}`;

/** The headers of every attempt, as a plain record (fetch builds its own Headers from it). */
export function requestHeaders(
  base: Headers,
  options: RequestOptions,
  authScheme: AuthScheme,
  apiKey: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  base.forEach((value, name) => {
    headers[name] = value;
  });
  headers.accept = "application/json";
  headers["x-clipia-client"] = CLIENT_HEADER;
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  if (authScheme === "x-api-key") {
    delete headers.authorization;
    headers["x-api-key"] = apiKey;
  } else {
    delete headers["x-api-key"];
    headers.authorization = `${authScheme === "key" ? "Key" : "Bearer"} ${apiKey}`;
  }
  return headers;
}

/**
 * What openapi-fetch builds for a resource call in place of a Fetch `Request` (its `Request` option):
 * `#send` reads the URL, method, headers and body once, so a real Request, with its AbortSignal and
 * body stream, would cost more than the rest of the call (see BENCHMARKS.md).
 */
export class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | undefined;
  /** A `clipia.raw` call's `signal`; resource calls pass theirs through `RequestOptions`. */
  readonly signal: AbortSignal | undefined;
  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.method = init.method ?? "GET";
    // openapi-fetch hands over the Headers it merged; no copy needed.
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? undefined;
    this.signal = init.signal ?? undefined;
  }
}

/** Attaches the response's `X-Request-Id` as a non-enumerable `_request_id` (JSON stays the wire object). */
export function withRequestId<T>(data: T, response: Response): WithRequestId<T> {
  if (data && typeof data === "object") {
    Object.defineProperty(data, "_request_id", {
      value: response.headers.get("x-request-id"),
      enumerable: false,
      configurable: true,
    });
  }
  return data as WithRequestId<T>;
}

/** A response body as JSON, or as text when it is not JSON (an HTML 502 from a proxy, say). */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Whether the caller set `Idempotency-Key` (in any case) in a call's `headers`. */
export function hasIdempotencyHeader(headers: Record<string, string> | undefined): boolean {
  if (!headers) return false;
  for (const name in headers) if (name.toLowerCase() === "idempotency-key") return true;
  return false;
}

/** The path of an absolute URL, without building a URL object on every call. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = url.search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, end);
}
