import createClient, { type Client } from "openapi-fetch";
import { APIConnectionError, type APIError, ClipiaError, makeAPIError } from "./errors.js";
import type { paths } from "./generated/schema.js";
import { linkSignals, raceAbort } from "./internal/abort.js";
import type { APIPromise } from "./internal/api-promise.js";
import { backoffDelay, retryAfterMs } from "./internal/backoff.js";
import { describeCause } from "./internal/connection.js";
import { makeLog } from "./internal/logger.js";
import { redactKey, safeCause, scrubDeep } from "./internal/redact.js";
import { isRetryableStatus } from "./internal/retry.js";
import { sleep } from "./internal/sleep.js";
import { check, resolveBaseUrl, resolveKey, type AuthScheme, type ClipiaEnvironment, type ClipiaOptions, type RequestOptions } from "./options.js";
import { type Account, account } from "./resources/account.js";
import { type Key, key } from "./resources/key.js";
import { type Models, models } from "./resources/models.js";
import { type Queue, queue, type WaitOptions } from "./resources/queue.js";
import type { CompletedResult, ModelSlug, SubmitParams } from "./types.js";

/**
 * What openapi-fetch builds in place of a Fetch `Request` while no middleware is registered: the
 * request's parts (and no `clone`, which tells it from a Request), so that the `fetch` call builds
 * the attempt's only Request (each one, with its AbortSignal, costs tens of µs in Node).
 */
function LiteRequest(url: string, init: RequestInit) {
  return { ...init, url };
}

/** One openapi-fetch call (one attempt), as `call` runs it, given the attempt's fetch, headers and Request. */
type Op = (init: { fetch: (request: Request) => Promise<Response>; headers: Record<string, string>; Request: typeof Request }) => Promise<{
  data?: unknown;
  error?: unknown;
  response: Response;
}>;

/**
 * The Clipia API client. Owns the transport policy: auth header, retries with backoff, the
 * submit's `Idempotency-Key`, the whole-call timeout (reading the body included), abort, logging
 * and error mapping; redirects are refused (the key never leaves the base URL's origin) and a
 * response body is capped at `maxResponseBytes`.
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

  /** Submit a generation, read its status and result, wait for it. */
  declare readonly queue: Queue;
  /** The catalog and the price of an input. */
  declare readonly models: Models;
  /** The account of the key. */
  declare readonly account: Account;
  /** The calling key. */
  declare readonly key: Key;

  /** What `JSON.stringify(client)` shows: the base URL, the environment and the redacted key, never the key. */
  declare readonly toJSON: () => Record<string, unknown>;
  /** @internal A resource call: `method path` (path parameters in `path`), through `raw`. */
  declare readonly _req: <T>(
    method: "GET" | "POST",
    url: string,
    options?: RequestOptions,
    path?: Record<string, string>,
    body?: unknown,
  ) => Promise<{ data: T; response: Response }>;
  /** @internal `value` (parsed JSON) with the key scrubbed from every string in it: what an error may carry. */
  declare readonly _scrub: <T>(value: T) => T;

  constructor(options: ClipiaOptions = {}) {
    const [apiKey, environment] = resolveKey(options);
    const { authScheme = "bearer", timeout = 60_000, maxRetries = 2, fetch: given, maxResponseBytes: max = 2 ** 25 } = options;
    const log = makeLog(options.logger, options.logLevel, apiKey);
    const baseUrl = resolveBaseUrl(options.baseUrl);
    // The key and the transport live in this closure, never on the instance (util.inspect shows
    // none of it). Headers are a plain record, not Headers: MSW's server.listen() replaces
    // Headers, and a patched Headers copied from one made before it comes out empty.
    const defaults: Record<string, string> = { accept: "application/json" };
    const merge = (target: Record<string, string>, more?: HeadersInit) => new Headers(more).forEach((value, name) => (target[name] = value));
    merge(defaults, options.defaultHeaders);
    const scheme = ({ bearer: "Bearer ", key: "Key ", "x-api-key": "" } as Record<string, unknown>)[authScheme];
    check(typeof scheme === "string", "authScheme must be bearer, key or x-api-key.");
    defaults[scheme ? "authorization" : "x-api-key"] = scheme + apiKey;
    // What openapi-fetch builds requests with: LiteRequest, until middleware is registered.
    let RequestClass: typeof Request = LiteRequest as never;
    // An error with the transport's reason in its message, the key in neither (see safeCause).
    const fail = (Class: typeof ClipiaError, text: string, cause: unknown) =>
      new Class(text + describeCause((cause = safeCause(cause, apiKey))), { cause });

    /**
     * One API call under one deadline: runs `op` (an openapi-fetch call) once per attempt,
     * retrying what SPEC §4 allows. `label` is `METHOD /path` (the template until the first
     * attempt names the real path); a submit gets one `Idempotency-Key` for all attempts.
     */
    const call = async (op: Op, options: RequestOptions, label: string) => {
      const retries = options.maxRetries ?? maxRetries;
      const ms = options.timeout ?? timeout;
      const deadline = Date.now() + ms;
      const headers = { ...defaults };
      merge(headers, options.headers);
      // A submit's key (a UUID v4 unless given) is the same on every retry.
      if (label === "POST /v1/models/{model}") headers["idempotency-key"] = options.idempotencyKey ?? headers["idempotency-key"] ?? crypto.randomUUID();
      const [signal, cleanup] = linkSignals([options.signal], ms, () => `${label} timed out after ${ms} ms.`);

      const fetch = async (request: Request): Promise<Response> => {
        const { host, pathname } = new URL(request.url);
        label = `${request.method} ${pathname}`;
        log("debug", label);
        // A real Request (middleware registered; a LiteRequest has no clone) has no own fields, so
        // init is then just the signal. Never follow a redirect: it would carry the key to wherever
        // `Location` points.
        const input = (request as Partial<Request>).clone ? request : request.url;
        const init: RequestInit = { ...(request as RequestInit), signal, redirect: "manual" };
        const response = await (given ? given(new Request(input, init)) : globalThis.fetch(input, init)).catch((cause) => {
          throw signal.aborted ? signal.reason : fail(APIConnectionError, `Could not reach ${host} for ${label}: `, cause);
        });
        // 3xx from a fetch that honoured "manual", an opaque redirect (status 0, browsers), or one
        // that followed it anyway. Thrown without a cause: not retried, it would end the same.
        if ((!response.ok && response.status < 400) || response.redirected) {
          throw new APIConnectionError(`${label}: ${response.status} redirect refused.`);
        }
        // A declared length within the cap, not encoded, is all the body can be: read as it is.
        if (+(response.headers.get("content-length") || NaN) <= max && !response.headers.has("content-encoding")) return response;
        let size = 0;
        // Otherwise the body as it is read (decoded): capped, and cancelled at the deadline or on abort even
        // when the fetch ignored its signal.
        const capped = new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, stream) {
            stream.enqueue(chunk);
            if ((size += chunk.length) > max) stream.error(new APIConnectionError(`${label}: response over maxResponseBytes.`));
          },
        });
        return new Response(response.body?.pipeThrough(capped, { signal }), response);
      };

      try {
        for (let attempt = 0; ; attempt++) {
          let error: ClipiaError;
          let delay: number | undefined;
          try {
            signal.throwIfAborted();
            const { data, error: body, response } = await raceAbort(op({ fetch, headers, Request: RequestClass }), signal);
            log("debug", `${label} -> ${response.status}`);
            if (response.ok) return { data, response };
            error = makeAPIError(response.status, body, response.headers, apiKey);
            if (!isRetryableStatus(response.status, (error as APIError).code)) throw error;
            delay = retryAfterMs(response.headers);
          } catch (cause) {
            if (signal.aborted) throw signal.reason;
            // A connection error without a transport cause (a redirect, a body too large) is final.
            if (!(cause instanceof APIConnectionError && cause.cause)) {
              throw cause instanceof ClipiaError ? cause : fail(ClipiaError, `${label}: `, cause);
            }
            error = cause;
          }
          delay ??= backoffDelay(attempt);
          // A retry that could only start after the deadline would end in a timeout: report the cause instead.
          if (attempt >= retries || Date.now() + delay >= deadline) {
            if (attempt) log("warn", `${label}: ${error.message} (after ${attempt + 1} attempts)`);
            throw error;
          }
          log("info", `${label}: ${error.message}; retry ${attempt + 1} in ${delay} ms`);
          await sleep(delay, signal);
        }
      } finally {
        cleanup();
      }
    };

    const base = createClient<paths>({ baseUrl });
    const raw = { ...base } as unknown as Record<string, (...args: unknown[]) => unknown>;
    // Every method but use/eject (request, GET, POST, …): each attempt is one openapi-fetch call,
    // so middleware sees every one. A submit (POST /v1/models/{model}) gets an Idempotency-Key.
    for (const method in raw) {
      if (/^u|^e/.test(method)) continue;
      raw[method] = (...args) => {
        // request(method, path, init); the others (GET, POST, …, all upper case) (path, init).
        const at = method > "q" ? 2 : 1;
        const init = (args[at] ?? {}) as RequestOptions;
        return call(
          (more) => {
            args[at] = { ...init, ...more };
            return (base[method as "GET"] as (...a: unknown[]) => ReturnType<Op>)(...args);
          },
          init,
          `${method} ${args[at - 1]}`,
        );
      };
    }
    // Middleware gets real Requests: from its registration on, calls build them.
    raw.use = (...added) => {
      RequestClass = Request;
      base.use(...(added as []));
    };
    Object.assign(this, {
      baseUrl,
      environment,
      authScheme,
      timeout,
      maxRetries,
      raw,
      toJSON: () => ({ baseUrl, environment, apiKey: redactKey(apiKey) }),
      _req: (method: string, url: string, options?: RequestOptions, path?: unknown, body?: unknown) => raw[method]!(url, { params: { path }, body, ...options }),
      _scrub: (value: unknown) => scrubDeep(value, apiKey),
      queue: queue(this),
      models: models(this),
      account: account(this),
      key: key(this),
    });
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
    // `wait` takes `[model, body]` for the id: submit, then wait (see resources/queue.ts).
    return this.queue.wait([model, body] as never, waitOptions, options) as APIPromise<CompletedResult<M>>;
  }
}
