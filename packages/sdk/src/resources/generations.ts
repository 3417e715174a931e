import type { RequestOptions } from "../options.js";
import { GenerationCanceledError, GenerationFailedError } from "../errors.js";
import { eitherSignal, linkSignals } from "../internal/abort.js";
import { retryAfterMs } from "../internal/backoff.js";
import type { PagePromise } from "../internal/pagination.js";
import { sleep } from "../internal/sleep.js";
import { APIResource } from "../resource.js";
import type { Generation, GenerationCreateParams, GenerationListParams, WithRequestId } from "../types.js";

/** Options of `generations.wait` and `clipia.run` (all in ms). */
export interface WaitOptions {
  /** Delay between polls; a larger `Retry-After` on a poll response wins. Default 1000. */
  pollInterval?: number | undefined;
  /** Give up after this long with `APITimeoutError`. Default 600 000 (10 minutes). */
  timeout?: number | undefined;
  /**
   * Stops waiting at any point with `APIUserAbortError` (the generation keeps running). A
   * `signal` in the last `options` argument does the same; either one aborting stops the wait.
   */
  signal?: AbortSignal | undefined;
  /** Called with the generation when first seen and on each status change. */
  onUpdate?: ((generation: WithRequestId<Generation>) => void) | undefined;
}

const DEFAULT_POLL_INTERVAL = 1_000;
const DEFAULT_WAIT_TIMEOUT = 600_000;

/** `/v1/generations*` and `POST /v1/models/{model}`. */
export class Generations extends APIResource {
  /**
   * Starts a generation. A live key answers `queued` (poll it or use `wait`); a test key
   * answers the final generation at once. Sends a generated `Idempotency-Key`, so a retry
   * never charges twice.
   * @example
   * ```ts
   * const generation = await clipia.generations.create("clipia-video-1", {
   *   input: { prompt: "a lighthouse in a storm", duration_seconds: 4 },
   *   metadata: { order: "1234" },
   * });
   * ```
   */
  async create(
    model: string,
    body: GenerationCreateParams,
    options?: RequestOptions,
  ): Promise<WithRequestId<Generation>> {
    const { data } = await this._client._request(
      (init) => this._client.raw.POST("/v1/models/{model}", { params: { path: { model } }, body, ...init }),
      options,
      true,
    );
    return data;
  }

  /** One generation by id (`gen_…`), with its output once completed. */
  async retrieve(id: string, options?: RequestOptions): Promise<WithRequestId<Generation>> {
    const { data } = await this._client._request(
      (init) => this._client.raw.GET("/v1/generations/{id}", { params: { path: { id } }, ...init }),
      options,
    );
    return data;
  }

  /** Lists this environment's generations, newest first (filters `status`, `model`). */
  list(query: GenerationListParams = {}, options?: RequestOptions): PagePromise<Generation> {
    return this._client._list(
      (init) => this._client.raw.GET("/v1/generations", { params: { query }, ...init }),
      options,
      (after) => this.list({ ...query, after }, options),
    );
  }

  /** Cancels a queued or running generation; `ConflictError` once it is final. */
  async cancel(id: string, options?: RequestOptions): Promise<WithRequestId<Generation>> {
    const { data } = await this._client._request(
      (init) => this._client.raw.POST("/v1/generations/{id}/cancel", { params: { path: { id } }, ...init }),
      options,
    );
    return data;
  }

  /**
   * Polls until the generation is final. Resolves when `completed`; throws
   * `GenerationFailedError` / `GenerationCanceledError` otherwise, `APITimeoutError` past
   * `timeout`, `APIUserAbortError` when `signal` fires.
   */
  wait(id: string, waitOptions: WaitOptions = {}, options: RequestOptions = {}): Promise<WithRequestId<Generation>> {
    return this._poll(id, undefined, waitOptions, options);
  }

  /** @internal `wait`, optionally starting from an observation already made (by `run`). */
  async _poll(
    id: string,
    first: { data: WithRequestId<Generation>; response: Response } | undefined,
    waitOptions: WaitOptions,
    options: RequestOptions,
  ): Promise<WithRequestId<Generation>> {
    const pollInterval = waitOptions.pollInterval ?? DEFAULT_POLL_INTERVAL;
    const timeout = waitOptions.timeout ?? DEFAULT_WAIT_TIMEOUT;
    const either = eitherSignal(waitOptions.signal, options.signal);
    const { signal, cleanup } = linkSignals(either.signal, timeout, `Generation ${id} was not final after waiting ${timeout} ms.`);
    let current = first;
    let lastStatus: string | undefined;
    try {
      for (;;) {
        current ??= await this._client._request(
          (init) => this._client.raw.GET("/v1/generations/{id}", { params: { path: { id } }, ...init }),
          { ...options, idempotencyKey: undefined, signal },
        );
        const generation = current.data;
        if (generation.status !== lastStatus) {
          lastStatus = generation.status;
          waitOptions.onUpdate?.(generation);
        }
        if (generation.status === "completed") return generation;
        if (generation.status === "failed") throw new GenerationFailedError(generation);
        if (generation.status === "canceled") throw new GenerationCanceledError(generation);
        await sleep(Math.max(pollInterval, retryAfterMs(current.response.headers) ?? 0), signal);
        current = undefined;
      }
    } catch (error) {
      // A poll cut short by our own deadline or the caller's signal reports that, not the poll.
      throw signal.aborted ? signal.reason : error;
    } finally {
      cleanup();
      either.cleanup();
    }
  }
}
