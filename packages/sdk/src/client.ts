import createClient, { type Client } from "openapi-fetch";
import { APIConnectionError, ClipiaError, makeAPIError } from "./errors.js";
import type { paths } from "./generated/schema.js";
import { eitherSignal, linkSignals, raceAbort } from "./internal/abort.js";
import { backoffDelay, retryAfterMs } from "./internal/backoff.js";
import { idempotencyKey } from "./internal/idempotency.js";
import { type LevelLogger, levelLogger } from "./internal/logger.js";
import { Page, PagePromise, type ListBody } from "./internal/pagination.js";
import { maskHeaders, redactKey, scrub } from "./internal/redact.js";
import { hasIdempotencyHeader, parseBody, pathOf, PlainRequest, requestHeaders, withRequestId } from "./internal/request.js";
import { isRetryableStatus } from "./internal/retry.js";
import { sleep } from "./internal/sleep.js";
import {
  resolveOptions,
  type AuthScheme,
  type ClipiaEnvironment,
  type ClipiaOptions,
  type Fetch,
  type RequestOptions,
} from "./options.js";
import { Account } from "./resources/account.js";
import { Generations, type WaitOptions } from "./resources/generations.js";
import { Keys } from "./resources/keys.js";
import { Models } from "./resources/models.js";
import type { Generation, GenerationCreateParams, WithRequestId } from "./types.js";

/**
 * openapi-fetch's per-call init the SDK passes: the transport bound to this call's options. On the
 * fast path `_request` adds `Request: PlainRequest` and `parseAs: "stream"` (openapi-fetch then
 * leaves the body alone: #send has read it within the call's deadline and hands the text over
 * through BUFFERED); typed without them so the resources keep openapi-fetch's data types.
 */
type CallInit = { fetch: Fetch };

const BUFFERED = new WeakMap<Response, string>();

type Call<T> = (init: CallInit) => Promise<{ data?: T; response: Response }>;


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
  readonly #log: LevelLogger;
  #middleware = false;

  constructor(options: ClipiaOptions = {}) {
    const resolved = resolveOptions(options);
    this.#apiKey = resolved.apiKey;
    this.#fetch = resolved.fetch;
    this.#log = levelLogger(resolved.logger, resolved.logLevel, resolved.apiKey);
    this.baseUrl = resolved.baseUrl;
    this.environment = resolved.environment;
    this.authScheme = resolved.authScheme;
    this.timeout = resolved.timeout;
    this.maxRetries = resolved.maxRetries;
    this.raw = createClient<paths>({
      baseUrl: this.baseUrl,
      // A raw call's own `signal` (openapi-fetch puts it on the request) is its only option.
      fetch: (request) => this.#send(request, request.signal ? { signal: request.signal } : {}),
    });
    // Middleware sees and may replace real Requests and readable Responses: once any is
    // registered, resource calls leave the fast path (see _request).
    const use = this.raw.use.bind(this.raw);
    this.raw.use = (...middleware) => {
      this.#middleware = true;
      use(...middleware);
    };

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
    const either = eitherSignal(waitOptions.signal, options.signal);
    let created: { data: WithRequestId<Generation>; response: Response };
    try {
      created = await this._request(
        (init) => this.raw.POST("/v1/models/{model}", { params: { path: { model } }, body, ...init }),
        { ...options, signal: either.signal },
        true,
      );
    } finally {
      either.cleanup();
    }
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
      idempotent && !options.idempotencyKey && !hasIdempotencyHeader(options.headers)
        ? { ...options, idempotencyKey: idempotencyKey() }
        : options;
    let response: Response;
    let data: T;
    try {
      if (this.#middleware) {
        const result = await call({ fetch: (request: Request) => this.#send(request, bound) });
        response = result.response;
        data = result.data as T;
      } else {
        // The fast path: a PlainRequest instead of a Fetch Request, and the body text #send has
        // already read instead of a second Response (see BENCHMARKS.md).
        const init = { fetch: (request: Request) => this.#send(request, bound, true), parseAs: "stream", Request: PlainRequest };
        ({ response } = await call(init));
        const text = BUFFERED.get(response);
        data = (text ? JSON.parse(text) : undefined) as T;
      }
    } catch (error) {
      if (error instanceof ClipiaError) throw error;
      throw new ClipiaError("Could not read the API response.", { cause: error });
    }
    return { data: withRequestId(data, response), response };
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

  /**
   * The transport under openapi-fetch: sends `request` with auth, retrying what SPEC §4 allows
   * under one deadline, and returns a buffered 2xx response or throws a ClipiaError.
   */
  async #send(request: Request | PlainRequest, options: RequestOptions, buffered = false): Promise<Response> {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    const timeout = options.timeout ?? this.timeout;
    const label = `${request.method} ${pathOf(request.url)}`;
    const { signal, cleanup } = linkSignals(options.signal, timeout, `${label} timed out after ${timeout} ms.`);
    try {
      const body =
        request instanceof PlainRequest
          ? request.body
          : request.body === null
            ? undefined
            : await raceAbort(request.text(), signal);
      const headers = requestHeaders(request.headers, options, this.authScheme, this.#apiKey);
      for (let attempt = 0; ; attempt++) {
        if (signal.aborted) throw signal.reason;
        const canRetry = attempt < maxRetries;
        if (this.#log.enabled("debug")) this.#log.debug(`${label} (attempt ${attempt + 1})`, { headers: maskHeaders(headers) });
        let response: Response;
        let text: string;
        try {
          const init: RequestInit = { method: request.method, headers, body, signal };
          // An injected fetch gets one Request, as documented; the global one takes url + init, so
          // it builds the only Request of the call.
          const sent = this.#fetch ? this.#fetch(new Request(request.url, init)) : globalThis.fetch(request.url, init);
          // Raced even for the global fetch: whatever patched it (a test double, say) may ignore the signal.
          response = await raceAbort(sent, signal);
          text = await raceAbort(response.text(), signal);
        } catch (cause) {
          if (signal.aborted) throw signal.reason;
          const error = new APIConnectionError(`Connection error on ${label}.`, { cause });
          if (!canRetry) throw this.#giveUp(label, attempt, error);
          await this.#backoff(label, attempt, undefined, error.message, signal);
          continue;
        }
        const requestId = response.headers.get("x-request-id");
        if (response.ok) {
          this.#log.debug(`${label} -> ${response.status}`, { requestId });
          if (buffered) {
            BUFFERED.set(response, text);
            return response;
          }
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
        throw this.#giveUp(label, attempt, error);
      }
    } finally {
      cleanup();
    }
  }

  /** The error to throw; a warning first when retries did not help. */
  #giveUp(label: string, attempt: number, error: ClipiaError): ClipiaError {
    if (attempt > 0) this.#log.warn(`${label} failed after ${attempt + 1} attempts: ${error.message}`);
    return error;
  }

  async #backoff(label: string, attempt: number, serverDelay: number | undefined, why: string, signal: AbortSignal) {
    const delay = serverDelay ?? backoffDelay(attempt);
    this.#log.info(`${label} failed (${why}); retrying in ${delay} ms`);
    await sleep(delay, signal);
  }
}
