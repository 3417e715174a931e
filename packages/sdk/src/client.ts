import type { Client } from "openapi-fetch";
import type { paths } from "./generated/schema.js";
import type { APIPromise } from "./internal/api-promise.js";
import { plainBaseOf } from "./internal/attempt.js";
import { makeLog } from "./internal/logger.js";
import { createRawClient } from "./internal/raw-client.js";
import { redactKey, scrubDeep } from "./internal/redact.js";
import type { Requester } from "./internal/requester.js";
import type { TransportConfig } from "./internal/transport.js";
import {
  type AuthScheme,
  type ClipiaEnvironment,
  type ClipiaOptions,
  type RequestOptions,
  resolveBaseUrl,
  resolveHeaders,
  resolveKey,
} from "./options.js";
import { type Account, account } from "./resources/account.js";
import { type Generation, generation } from "./resources/generation.js";
import { type Key, key } from "./resources/key.js";
import { type Models, models } from "./resources/models.js";
import { type Queue, queue, subscribe, type WaitOptions } from "./resources/queue.js";
import type { CompletedResult, ModelSlug, SubmitParams } from "./types.js";

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
  readonly baseUrl: string;
  /** `live` or `test`, from the key's prefix. */
  readonly environment: ClipiaEnvironment;
  /** How the key is sent. */
  readonly authScheme: AuthScheme;
  /** Default ms a call may take, retries included. */
  readonly timeout: number;
  /** Default retries after a first attempt. */
  readonly maxRetries: number;
  /**
   * The typed openapi-fetch client over the same transport (auth, retries, timeout, errors):
   * for what the resources do not cover. A non-2xx answer throws `APIError`. Middleware
   * registered with `raw.use()` sees every attempt, retries included, of every call.
   */
  readonly raw: Client<paths>;

  /** Submit a generation, read its status and result, wait for it. */
  readonly queue: Queue;
  /** The catalog and the price of an input. */
  readonly models: Models;
  /** The account of the key. */
  readonly account: Account;
  /** The calling key. */
  readonly key: Key;
  /** The cost of a chat completion (the completion itself: the stock `openai` SDK). */
  readonly generation: Generation;

  // Private fields: neither util.inspect nor JSON.stringify shows them. The key itself is kept by
  // the transport's closures only.
  readonly #requester: Requester;
  readonly #redactedKey: string;

  constructor(options: ClipiaOptions = {}) {
    const [apiKey, environment] = resolveKey(options);
    const log = makeLog(options.logger, options.logLevel, apiKey);
    const baseUrl = resolveBaseUrl(options.baseUrl);
    const { authScheme = "bearer", timeout = 60_000, maxRetries = 2 } = options;
    // Resolved once, so that no call recomputes what does not change between calls.
    const config: TransportConfig = {
      apiKey,
      baseUrl,
      plainBase: plainBaseOf(baseUrl),
      headers: Object.freeze(resolveHeaders(authScheme, apiKey, options.defaultHeaders)),
      timeout,
      maxRetries,
      maxResponseBytes: options.maxResponseBytes ?? 2 ** 25,
      fetch: options.fetch,
      log,
    };
    const transport = createRawClient(config);
    const requester: Requester = { request: transport.request, scrub: (value) => scrubDeep(value, apiKey) };

    this.baseUrl = baseUrl;
    this.environment = environment;
    this.authScheme = authScheme;
    this.timeout = timeout;
    this.maxRetries = maxRetries;
    this.raw = transport.raw;
    this.queue = queue(requester);
    this.models = models(requester);
    this.account = account(requester);
    this.key = key(requester);
    this.generation = generation(requester);
    this.#requester = requester;
    this.#redactedKey = redactKey(apiKey);
  }

  /** What `JSON.stringify(client)` shows: the base URL, the environment and the redacted key, never the key. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, environment: this.environment, apiKey: this.#redactedKey };
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
    return subscribe(this.#requester, model, body, waitOptions, options);
  }
}
