import { check } from "./internal/check.js";
import { readEnv } from "./internal/env.js";
import { addHeaders } from "./internal/headers.js";
import type { Logger, LogLevel } from "./internal/logger.js";

/** How the key is sent. All three are accepted by the API. */
export type AuthScheme = "bearer" | "key" | "x-api-key";

/** Which environment the key belongs to, from its prefix. */
export type ClipiaEnvironment = "live" | "test";

/**
 * A `fetch`, called with one `Request` whose `signal` is the call's (the caller's abort or the
 * deadline). `globalThis.fetch` and `sandbox.fetch` both fit; one that ignores the signal is raced.
 */
export type Fetch = (request: Request) => Promise<Response>;

/** Options of `new Clipia(…)`. */
export interface ClipiaOptions {
  /** `clipia_live_…` or `clipia_test_…`. Defaults to `CLIPIA_API_KEY`, then `CLIPIA_KEY`. */
  apiKey?: string | undefined;
  /** How the key is sent: `Authorization: Bearer`, `Authorization: Key` or `X-Api-Key`. Default `bearer`. */
  authScheme?: AuthScheme | undefined;
  /** Defaults to `CLIPIA_BASE_URL`, then `https://api.clipia.ai`. https only, except http on a loopback host. */
  baseUrl?: string | undefined;
  /**
   * Ms a call may take, retries, backoff and reading the body included. Default 60 000. Infinity
   * (or anything over 2³¹−1) means no limit; 0, a negative or NaN one has passed already: the call
   * fails with `APITimeoutError` and sends nothing.
   */
  timeout?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /**
   * The most bytes a response body may have once decoded (gzip included), counted while it
   * streams in: past it the call fails with `APIConnectionError`, not retried. Default 32 MiB.
   */
  maxResponseBytes?: number | undefined;
  /** The `fetch` to use. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: Fetch | undefined;
  /** Allow construction in a browser, where the key is visible to anyone. Default false. */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Where log lines go: any object with debug/info/warn/error. Default `console`. */
  logger?: Logger | undefined;
  /** Default `warn`, or `CLIPIA_LOG`. */
  logLevel?: LogLevel | undefined;
  /** Headers sent with every request (a call's `headers` override them). */
  defaultHeaders?: Record<string, string> | undefined;
}

/** The last argument of every method. */
export interface RequestOptions {
  /** Cancels the call at any point, backoff included: `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeout` for this call. */
  timeout?: number | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /**
   * Submit only: sent as `Idempotency-Key` (over one in `headers`). Each submit generates a
   * UUID v4 when neither this nor an `Idempotency-Key` header is given.
   */
  idempotencyKey?: string | undefined;
  /** Extra request headers. */
  headers?: Record<string, string> | undefined;
}

const KEY = /^clipia_(live|test)_[\w-]{1,128}$/;
// Protocol then hostname: https anywhere, http on a loopback host only.
const SAFE = /^https:|^http:(localhost|127\.[\d.]+|\[::1\])$/;

/**
 * The key (`apiKey`, else `CLIPIA_API_KEY`, else `CLIPIA_KEY`, trimmed) and its environment,
 * checked; then the browser guard. No message ever includes the key.
 */
export function resolveKey(options: ClipiaOptions): [string, ClipiaEnvironment] {
  const key = `${options.apiKey ?? readEnv("CLIPIA_API_KEY") ?? readEnv("CLIPIA_KEY") ?? ""}`.trim();
  check(key, "Missing apiKey (or CLIPIA_API_KEY, CLIPIA_KEY).");
  const environment = KEY.exec(key)?.[1] as ClipiaEnvironment;
  check(environment, "apiKey must be clipia_live_… or clipia_test_… + [A-Za-z0-9_-].");
  check(
    // A browser page has a `document`.
    options.dangerouslyAllowBrowser || !("document" in globalThis),
    "A browser exposes the key: set dangerouslyAllowBrowser to allow it.",
  );
  return [key, environment];
}

/** `baseUrl`, else `CLIPIA_BASE_URL`, else the API; https only, or http on a loopback host. */
export function resolveBaseUrl(given: string | undefined): string {
  const baseUrl = (given ?? readEnv("CLIPIA_BASE_URL") ?? "https://api.clipia.ai").replace(/\/+$/, "");
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {}
  check(SAFE.test(`${url?.protocol}${url?.hostname}`), "baseUrl must be https (or http on loopback).");
  return baseUrl;
}

// What precedes the key in its header, by scheme (x-api-key: the key alone, in its own header).
const SCHEMES: Record<AuthScheme, string> = { bearer: "Bearer ", key: "Key ", "x-api-key": "" };

/**
 * The headers every call starts from, names in lower case: `accept`, then `defaultHeaders`, then the
 * credential as `authScheme` says (it wins over a default header of the same name). A plain record,
 * not `Headers`: MSW's `server.listen()` replaces `Headers`, and a patched `Headers` copied from one
 * made before it comes out empty.
 */
export function resolveHeaders(
  authScheme: AuthScheme,
  apiKey: string,
  defaultHeaders: HeadersInit | undefined,
): Record<string, string> {
  const scheme = Object.hasOwn(SCHEMES, authScheme) ? SCHEMES[authScheme] : undefined;
  check(scheme !== undefined, "authScheme must be bearer, key or x-api-key.");
  const headers = addHeaders({ accept: "application/json" }, defaultHeaders);
  headers[scheme ? "authorization" : "x-api-key"] = scheme + apiKey;
  return headers;
}
