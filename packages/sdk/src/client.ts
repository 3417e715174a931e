import createClient, { type Client } from "openapi-fetch";
import {
  APIConnectionError,
  ClipiaConfigError,
  ClipiaError,
  makeAPIError,
} from "./errors.js";
import type { paths } from "./generated/schema.js";
import { linkSignals, raceAbort } from "./internal/abort.js";
import { backoffDelay, retryAfterMs } from "./internal/backoff.js";
import { readEnv } from "./internal/env.js";
import { idempotencyKey } from "./internal/idempotency.js";
import { isLogLevel, levelLogger, type Logger, type LogLevel } from "./internal/logger.js";
import { Page, PagePromise, type ListBody } from "./internal/pagination.js";
import { isBrowser } from "./internal/platform.js";
import { maskHeaders, redactKey, scrub } from "./internal/redact.js";
import { isRetryableStatus } from "./internal/retry.js";
import { sleep } from "./internal/sleep.js";
import { Account } from "./resources/account.js";
import { Generations, type WaitOptions } from "./resources/generations.js";
import { Keys } from "./resources/keys.js";
import { Models } from "./resources/models.js";
import type { Generation, GenerationCreateParams, WithRequestId } from "./types.js";
import { VERSION } from "./version.js";

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
  /** Sent as `Idempotency-Key`. Create calls generate one when absent. */
  idempotencyKey?: string | undefined;
  /** Extra request headers. */
  headers?: Record<string, string> | undefined;
}

/** openapi-fetch's per-call init the SDK passes: the transport bound to this call's options. */
type CallInit = { fetch: Fetch };

type Call<T> = (init: CallInit) => Promise<{ data?: T; response: Response }>;

const DEFAULT_BASE_URL = "https://api.clipia.ai";
const KEY_PREFIX = /^clipia_(live|test|admin)_/;
const AUTH_SCHEMES: readonly AuthScheme[] = ["bearer", "key", "x-api-key"];

function withRequestId<T>(data: T, response: Response): WithRequestId<T> {
  if (data && typeof data === "object") {
    Object.defineProperty(data, "_request_id", {
      value: response.headers.get("x-request-id"),
      enumerable: false,
      configurable: true,
    });
  }
  return data as WithRequestId<T>;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new ClipiaConfigError(`The ${name} option must be a non-negative number.`);
  }
  return value;
}

/**
 * The Clipia API client. Owns the transport policy: auth header, retries with backoff,
 * idempotency keys, the whole-call timeout, abort, logging and error mapping.
 *
 * @example
 * ```ts
 * import Clipia from "@clipia/sdk";
 *
 * const clipia = new Clipia(); // reads CLIPIA_API_KEY
 * const generation = await clipia.run("clipia-video-1", { input: { prompt: "a red fox in snow" } });
 * console.log(generation.output?.url);
 * ```
 */
export class Clipia {
  /** The base URL requests go to, without a trailing slash. */
  readonly baseUrl: string;
  /** `live`, `test` or `admin`, from the key's prefix. */
  readonly environment: ClipiaEnvironment;
  readonly authScheme: AuthScheme;
  readonly timeout: number;
  readonly maxRetries: number;
  /**
   * The typed openapi-fetch client over the same transport (auth, retries, errors). For
   * endpoints or options the resources do not cover; non-2xx answers throw `APIError`.
   */
  readonly raw: Client<paths>;

  readonly account: Account;
  readonly models: Models;
  readonly generations: Generations;
  readonly keys: Keys;

  readonly #apiKey: string;
  readonly #fetch: Fetch | undefined;
  readonly #log: Logger;

  constructor(options: ClipiaOptions = {}) {
    const apiKey = options.apiKey ?? readEnv("CLIPIA_API_KEY");
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

    this.#apiKey = apiKey;
    this.#fetch = options.fetch;
    this.#log = levelLogger(options.logger ?? console, logLevel, apiKey);
    this.baseUrl = baseUrl;
    this.environment = environment;
    this.authScheme = authScheme;
    this.timeout = nonNegative("timeout", options.timeout, 60_000);
    this.maxRetries = Math.floor(nonNegative("maxRetries", options.maxRetries, 2));
    this.raw = createClient<paths>({ baseUrl, fetch: (request) => this.#send(request, {}) });

    this.account = new Account(this);
    this.models = new Models(this);
    this.generations = new Generations(this);
    this.keys = new Keys(this);
  }

  /**
   * Creates a generation and waits for its final state: `generations.create` then
   * `generations.wait`. A test key's create already answers the final generation, so no poll.
   * Throws `GenerationFailedError` / `GenerationCanceledError` when it does not complete.
   *
   * @example
   * ```ts
   * const video = await clipia.run("clipia-video-1", { input: { prompt: "waves at dusk" } }, {
   *   onUpdate: (g) => console.log(g.status, g.queue_position),
   * });
   * ```
   */
  async run(
    model: string,
    body: GenerationCreateParams,
    waitOptions: WaitOptions = {},
    options: RequestOptions = {},
  ): Promise<WithRequestId<Generation>> {
    const created = await this._request(
      (init) => this.raw.POST("/v1/models/{model}", { params: { path: { model } }, body, ...init }),
      { ...options, signal: options.signal ?? waitOptions.signal },
      true,
    );
    return this.generations._poll(created.data.id, created, waitOptions, options);
  }

  /** What `JSON.stringify(client)` shows: the settings and the redacted key, never the key. */
  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      environment: this.environment,
      authScheme: this.authScheme,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      apiKey: redactKey(this.#apiKey),
    };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Clipia ${JSON.stringify(this.toJSON())}`;
  }

  /**
   * @internal One API call: `call` runs an openapi-fetch method with this call's transport.
   * `idempotent` makes a create call send one generated `Idempotency-Key` on every attempt.
   */
  async _request<T>(
    call: Call<T>,
    options: RequestOptions = {},
    idempotent = false,
  ): Promise<{ data: WithRequestId<T>; response: Response }> {
    const bound: RequestOptions =
      idempotent && !options.idempotencyKey ? { ...options, idempotencyKey: idempotencyKey() } : options;
    let result: { data?: T; response: Response };
    try {
      result = await call({ fetch: (request) => this.#send(request, bound) });
    } catch (error) {
      if (error instanceof ClipiaError) throw error;
      throw new ClipiaError("Could not read the API response.", { cause: error });
    }
    return { data: withRequestId(result.data as T, result.response), response: result.response };
  }

  /** @internal A `list()` call: the first page, async-iterable across all pages. */
  _list<T>(
    call: Call<ListBody<T>>,
    options: RequestOptions | undefined,
    next: (after: string) => PagePromise<T>,
  ): PagePromise<T> {
    return new PagePromise(async () => {
      const { data, response } = await this._request(call, options);
      return new Page<T>(data, response.headers.get("x-request-id"), next);
    });
  }

  #headers(base: Headers, options: RequestOptions): Headers {
    const headers = new Headers(base);
    headers.set("Accept", "application/json");
    headers.set("X-Clipia-Client", `clipia-sdk-js/${VERSION}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    if (options.idempotencyKey) headers.set("Idempotency-Key", options.idempotencyKey);
    if (this.authScheme === "x-api-key") {
      headers.delete("Authorization");
      headers.set("X-Api-Key", this.#apiKey);
    } else {
      headers.delete("X-Api-Key");
      headers.set("Authorization", `${this.authScheme === "key" ? "Key" : "Bearer"} ${this.#apiKey}`);
    }
    return headers;
  }

  /**
   * The transport under openapi-fetch: sends `request` with auth, retrying what SPEC §4 allows
   * under one deadline, and returns a buffered 2xx response or throws a ClipiaError.
   */
  async #send(request: Request, options: RequestOptions): Promise<Response> {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    const label = `${request.method} ${new URL(request.url).pathname}`;
    const { signal, cleanup } = linkSignals(options.signal, timeout, `${label} timed out after ${timeout} ms.`);
    try {
      const body = request.body === null ? undefined : await raceAbort(request.text(), signal);
      const headers = this.#headers(request.headers, options);
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted) throw signal.reason;
        const canRetry = attempt < maxRetries;
        this.#log.debug(`${label} (attempt ${attempt + 1})`, { headers: maskHeaders(headers) });
        let response: Response;
        let text: string;
        try {
          const fetchImpl = this.#fetch ?? globalThis.fetch;
          response = await raceAbort(
            fetchImpl(new Request(request.url, { method: request.method, headers, body, signal })),
            signal,
          );
          text = await raceAbort(response.text(), signal);
        } catch (cause) {
          if (signal.aborted) throw signal.reason;
          const error = new APIConnectionError(`Connection error on ${label}.`, { cause });
          if (!canRetry) throw error;
          await this.#backoff(label, attempt, undefined, error.message, signal);
          continue;
        }
        const requestId = response.headers.get("x-request-id");
        if (response.ok) {
          this.#log.debug(`${label} -> ${response.status}`, { requestId });
          const empty = text === "" || [204, 205, 304].includes(response.status);
          return new Response(empty ? null : text, {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
          });
        }
        const error = makeAPIError(response.status, parseBody(scrub(text, this.#apiKey)), response.headers);
        if (canRetry && isRetryableStatus(response.status, error.code)) {
          await this.#backoff(label, attempt, retryAfterMs(response.headers), error.message, signal);
          continue;
        }
        this.#log.debug(`${label} -> ${response.status} ${error.code ?? ""}`, { requestId });
        throw error;
      }
    } finally {
      cleanup();
    }
  }

  async #backoff(label: string, attempt: number, serverDelay: number | undefined, why: string, signal: AbortSignal) {
    const delay = serverDelay ?? backoffDelay(attempt);
    this.#log.info(`${label} failed (${why}); retrying in ${delay} ms`);
    await sleep(delay, signal);
  }
}
