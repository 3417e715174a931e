import createClient, { type Client } from "openapi-fetch";
import { APIConnectionError, type APIError, ClipiaError, makeAPIError } from "./errors.js";
import type { paths } from "./generated/schema.js";
import { linkSignals, raceAbort } from "./internal/abort.js";
import type { APIPromise } from "./internal/api-promise.js";
import { backoffDelay, retryAfterMs } from "./internal/backoff.js";
import { describeCause } from "./internal/connection.js";
import { idempotencyKey } from "./internal/idempotency.js";
import { type Log, makeLog } from "./internal/logger.js";
import { redactKey } from "./internal/redact.js";
import { isRetryableStatus } from "./internal/retry.js";
import { sleep } from "./internal/sleep.js";
import { check, resolveBaseUrl, resolveKey, type AuthScheme, type ClipiaEnvironment, type ClipiaOptions, type Fetch, type RequestOptions } from "./options.js";
import { Account } from "./resources/account.js";
import { Key } from "./resources/key.js";
import { Models } from "./resources/models.js";
import { Queue, type WaitOptions } from "./resources/queue.js";
import type { CompletedResult, ModelSlug, SubmitParams } from "./types.js";

/** @internal What the client hands an openapi-fetch call, once per attempt. */
export interface CallInit {
  fetch: (request: Request) => Promise<Response>;
  headers: Record<string, string>;
  Request: typeof Request;
}

/**
 * What openapi-fetch builds in place of a Fetch `Request` while no middleware is registered: the
 * request's parts, so that the `fetch` call builds the attempt's only Request (each one, with its
 * AbortSignal, costs tens of µs in Node).
 */
function LiteRequest(url: string, init: RequestInit) {
  return { ...init, url };
}

/** @internal One openapi-fetch call (one attempt), as `_call` runs it. */
export type Op<T> = (init: CallInit) => Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * The Clipia API client. Owns the transport policy: auth header, retries with backoff, the
 * submit's `Idempotency-Key`, the whole-call timeout, abort, logging and error mapping.
 *
 * @example
 * ```ts
 * import Clipia from "@clipia/sdk";
 *
 * const clipia = new Clipia(); // reads CLIPIA_API_KEY (or CLIPIA_KEY)
 * const result = await clipia.subscribe("nano-banana-2", { input: { prompt: "a red fox in snow" } });
 * console.log(result.output);
 * ```
 */
export class Clipia {
  /** The base URL requests go to, without a trailing slash. */
  declare readonly baseUrl: string;
  /** `live` or `test`, from the key's prefix. */
  declare readonly environment: ClipiaEnvironment;
  /** How the key is sent. */
  declare readonly authScheme: AuthScheme;
  /** Default ms a call may take, retries included. */
  declare readonly timeout: number;
  /** Default retries after a first attempt. */
  declare readonly maxRetries: number;
  /**
   * The typed openapi-fetch client over the same transport (auth, retries, timeout, errors):
   * for what the resources do not cover. A non-2xx answer throws `APIError`. Middleware
   * registered with `raw.use()` sees every attempt, retries included, of every call.
   */
  declare readonly raw: Client<paths>;
  /** @internal The openapi-fetch client the resources call (`raw` wraps it). */
  declare readonly _api: Client<paths>;

  /** Submit a generation, read its status and result, wait for it. */
  declare readonly queue: Queue;
  /** The catalog and the price of an input. */
  declare readonly models: Models;
  /** The account of the key. */
  declare readonly account: Account;
  /** The calling key. */
  declare readonly key: Key;

  readonly #apiKey: string;
  readonly #fetch: Fetch | undefined;
  readonly #log: Log;
  // A plain record, not Headers: MSW's server.listen() replaces Headers, and a patched Headers
  // copied from one made before it comes out empty.
  readonly #headers: Record<string, string>;
  #middleware = false;

  constructor(options: ClipiaOptions = {}) {
    const [apiKey, environment] = resolveKey(options);
    const { authScheme = "bearer", timeout = 60_000, maxRetries = 2, fetch } = options;
    this.#apiKey = apiKey;
    this.#fetch = fetch;
    this.#log = makeLog(options.logger, options.logLevel, apiKey);
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    this.environment = environment;
    this.authScheme = authScheme;
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.#headers = { accept: "application/json" };
    new Headers(options.defaultHeaders).forEach((value, name) => (this.#headers[name] = value));
    const scheme = ({ bearer: "Bearer ", key: "Key ", "x-api-key": "" } as Record<string, unknown>)[authScheme];
    check(typeof scheme === "string", "authScheme must be bearer, key or x-api-key.");
    this.#headers[scheme ? "authorization" : "x-api-key"] = scheme + apiKey;

    const base = (this._api = createClient<paths>({ baseUrl: this.baseUrl }));
    const raw = { ...base } as unknown as Record<string, (...args: unknown[]) => unknown>;
    // Every method but use/eject (request, GET, POST, …): each attempt is one openapi-fetch call,
    // so middleware sees every one.
    for (const method in raw) {
      if (method === "use" || method === "eject") continue;
      raw[method] = (...args) => {
        const at = method === "request" ? 2 : 1;
        const init = (args[at] ?? {}) as RequestOptions;
        return this._call((call) => {
          args[at] = { ...init, ...call };
          return (base[method as "GET"] as (...a: unknown[]) => ReturnType<Op<unknown>>)(...args);
        }, init);
      };
    }
    // Middleware gets real Requests: from its registration on, calls build them.
    raw.use = (...middleware) => {
      this.#middleware = true;
      base.use(...(middleware as []));
    };
    this.raw = raw as unknown as Client<paths>;
    this.queue = new Queue(this);
    this.models = new Models(this);
    this.account = new Account(this);
    this.key = new Key(this);
  }

  /**
   * Submits a generation and waits for its final result: `queue.submit` then `queue.wait`. A
   * test key's submit is already `COMPLETED`: one result call follows, no status poll. Throws
   * `GenerationFailedError` / `GenerationCanceledError` when it does not complete.
   *
   * @example
   * ```ts
   * const result = await clipia.subscribe("kling-3", { input: { prompt: "waves at dusk", duration: 5 } }, {
   *   onQueueUpdate: (s) => console.log(s.status, s.queue_position ?? "", s.progress ?? ""),
   * });
   * console.log(result.output.video.url);
   * ```
   */
  subscribe<M extends ModelSlug | (string & {})>(
    model: M,
    body: SubmitParams<M>,
    waitOptions?: WaitOptions,
    options?: RequestOptions,
  ): APIPromise<CompletedResult<M>> {
    return this.queue._subscribe(model, body, waitOptions, options) as APIPromise<CompletedResult<M>>;
  }

  /** What `JSON.stringify(client)` shows: the base URL, the environment and the redacted key, never the key. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, environment: this.environment, apiKey: redactKey(this.#apiKey) };
  }

  /** @internal A resource call: `method path` (path parameters in `path`), through `_call`. */
  _req<T>(
    method: "GET" | "POST",
    url: string,
    options?: RequestOptions,
    path?: Record<string, string>,
    body?: unknown,
    submit?: boolean,
  ): Promise<{ data: T; response: Response }> {
    return this._call<T>((init) => (this._api[method] as Function)(url, { params: { path }, body, ...init }), options, submit, `${method} ${url}`);
  }

  /**
   * @internal One API call under one deadline: runs `op` (an openapi-fetch call) once per
   * attempt, retrying what SPEC §4 allows. `submit` adds one `Idempotency-Key` for all attempts.
   */
  async _call<T>(op: Op<T>, options: RequestOptions = {}, submit = false, label = "request"): Promise<{ data: T; response: Response }> {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    const deadline = Date.now() + timeout;
    const headers = { ...this.#headers };
    new Headers(options.headers).forEach((value, name) => (headers[name] = value));
    const idempotency = options.idempotencyKey ?? headers["idempotency-key"] ?? (submit ? idempotencyKey() : "");
    if (idempotency) headers["idempotency-key"] = idempotency;
    const { signal, cleanup } = linkSignals([options.signal], timeout, () => `${label} timed out after ${timeout} ms.`);
    const log = this.#log;

    const fetch = (request: Request): Promise<Response> => {
      const { host, pathname } = new URL(request.url);
      label = `${request.method} ${pathname}`;
      log("debug", label);
      // A real Request (middleware registered) has no own fields, so init is then just the signal.
      const input = request instanceof Request ? request : (request as { url: string }).url;
      const init = { ...(request as RequestInit), signal };
      const sent = this.#fetch ? this.#fetch(new Request(input, init)) : globalThis.fetch(input, init);
      return sent.catch((cause) => {
        throw signal.aborted ? signal.reason : new APIConnectionError(`Could not reach ${host} for ${label}: ${describeCause(cause)}.`, { cause });
      });
    };

    try {
      for (let attempt = 0; ; attempt++) {
        let error: ClipiaError;
        let delay: number | undefined;
        try {
          signal.throwIfAborted();
          const { data, error: body, response } = await raceAbort(op({ fetch, headers: { ...headers }, Request: this.#middleware ? Request : (LiteRequest as never) }), signal);
          log("debug", `${label} -> ${response.status}`);
          if (response.ok) return { data: data as T, response };
          error = makeAPIError(response.status, body, response.headers, this.#apiKey);
          if (!isRetryableStatus(response.status, (error as APIError).code)) throw error;
          delay = retryAfterMs(response.headers);
        } catch (cause) {
          if (signal.aborted) throw signal.reason;
          if (!(cause instanceof APIConnectionError)) {
            throw cause instanceof ClipiaError ? cause : new ClipiaError(`${label}: ${describeCause(cause)}`, { cause });
          }
          error = cause;
        }
        delay ??= backoffDelay(attempt);
        // A retry that could only start after the deadline would end in a timeout: report the cause instead.
        if (attempt >= maxRetries || Date.now() + delay >= deadline) {
          if (attempt) log("warn", `${label}: ${error.message} (after ${attempt + 1} attempts)`);
          throw error;
        }
        log("info", `${label}: ${error.message}; retry ${attempt + 1} in ${delay} ms`);
        await sleep(delay, signal);
      }
    } finally {
      cleanup();
    }
  }
}
