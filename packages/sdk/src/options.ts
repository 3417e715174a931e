import { ClipiaConfigError } from "./errors.js";
import { readEnv } from "./internal/env.js";
import { isLogLevel, type Logger, type LogLevel } from "./internal/logger.js";
import { isBrowser } from "./internal/platform.js";

/** How the key is sent. All three are accepted by the API. */
export type AuthScheme = "bearer" | "key" | "x-api-key";

/** Which environment the key belongs to, from its prefix. */
export type ClipiaEnvironment = "live" | "test" | "admin";

/** A `fetch`: called with one `Request`. `globalThis.fetch` and `sandbox.fetch` both fit. */
export type Fetch = (request: Request) => Promise<Response>;

/** Options of `new Clipia(…)`. */
export interface ClipiaOptions {
  /** `clipia_live_…`, `clipia_test_…` or `clipia_admin_…`. Defaults to `CLIPIA_API_KEY`. */
  apiKey?: string | undefined;
  /** How the key is sent: `Authorization: Bearer`, `Authorization: Key` or `X-Api-Key`. Default `bearer`. */
  authScheme?: AuthScheme | undefined;
  /** Defaults to `CLIPIA_BASE_URL`, then `https://api.clipia.ai`. */
  baseUrl?: string | undefined;
  /** Ms a call may take, retries and backoff included. Default 60 000. */
  timeout?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /** The `fetch` to use. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: Fetch | undefined;
  /** Allow construction in a browser, where the key is visible to anyone. Default false. */
  dangerouslyAllowBrowser?: boolean | undefined;
  /** Where log lines go: any object with debug/info/warn/error. Default `console`. */
  logger?: Logger | undefined;
  /** Default `warn`, or `CLIPIA_LOG`. */
  logLevel?: LogLevel | undefined;
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
   * Sent as `Idempotency-Key` (over one in `headers`). Create calls generate one when neither
   * this nor an `Idempotency-Key` header is given.
   */
  idempotencyKey?: string | undefined;
  /** Extra request headers. */
  headers?: Record<string, string> | undefined;
}

const DEFAULT_BASE_URL = "https://api.clipia.ai";
const KEY_PREFIX = /^clipia_(live|test|admin)_/;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const AUTH_SCHEMES: readonly AuthScheme[] = ["bearer", "key", "x-api-key"];

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new ClipiaConfigError(`The ${name} option must be a non-negative number.`);
  }
  return value;
}

/** Client options with defaults and environment applied, validated. */
export interface ResolvedOptions {
  apiKey: string;
  environment: ClipiaEnvironment;
  authScheme: AuthScheme;
  baseUrl: string;
  timeout: number;
  maxRetries: number;
  fetch: Fetch | undefined;
  logger: Logger;
  logLevel: LogLevel;
}

/**
 * Applies defaults (`CLIPIA_API_KEY`, `CLIPIA_BASE_URL`, `CLIPIA_LOG`) and validates, throwing
 * `ClipiaConfigError` before any request. No message ever includes the key.
 */
export function resolveOptions(options: ClipiaOptions): ResolvedOptions {
  // Trimmed like CLIPIA_API_KEY, so a key read from a file with its final newline still works.
  const given = options.apiKey;
  const apiKey = given === undefined ? readEnv("CLIPIA_API_KEY") : typeof given === "string" ? given.trim() : given;
  if (!apiKey) {
    throw new ClipiaConfigError(
      "Missing API key: pass new Clipia({ apiKey }) or set the CLIPIA_API_KEY environment variable.",
    );
  }
  const environment = KEY_PREFIX.exec(apiKey)?.[1] as ClipiaEnvironment | undefined;
  if (!environment) {
    throw new ClipiaConfigError(
      "The API key must start with clipia_live_, clipia_test_ or clipia_admin_; the one given does not.",
    );
  }
  // Caught here because a header value with such a character makes fetch throw an error that
  // quotes the whole value, key included.
  if (!VISIBLE_ASCII.test(apiKey)) {
    throw new ClipiaConfigError(
      "The API key contains whitespace, control or non-ASCII characters, which a Clipia key never has: check how it was copied.",
    );
  }
  if (isBrowser() && !options.dangerouslyAllowBrowser) {
    throw new ClipiaConfigError(
      "Running in a browser would expose your API key to every visitor. Call Clipia from your " +
        "server, or pass dangerouslyAllowBrowser: true if you understand the risk.",
    );
  }
  const authScheme = options.authScheme ?? "bearer";
  if (!AUTH_SCHEMES.includes(authScheme)) {
    throw new ClipiaConfigError(`authScheme must be one of ${AUTH_SCHEMES.join(", ")}.`);
  }
  const envLevel = readEnv("CLIPIA_LOG");
  const logLevel = options.logLevel ?? (isLogLevel(envLevel) ? envLevel : "warn");
  if (!isLogLevel(logLevel)) {
    throw new ClipiaConfigError("logLevel must be one of off, error, warn, info, debug.");
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new ClipiaConfigError("The fetch option must be a function.");
  }
  const baseUrl = (options.baseUrl ?? readEnv("CLIPIA_BASE_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  try {
    new URL(baseUrl);
  } catch {
    throw new ClipiaConfigError("baseUrl must be an absolute URL such as https://api.clipia.ai.");
  }

  return {
    apiKey,
    environment,
    authScheme,
    baseUrl,
    timeout: nonNegative("timeout", options.timeout, 60_000),
    maxRetries: Math.floor(nonNegative("maxRetries", options.maxRetries, 2)),
    fetch: options.fetch,
    logger: options.logger ?? console,
    logLevel,
  };
}
