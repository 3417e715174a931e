import type { Clipia } from "../client.js";
import { GenerationCanceledError, GenerationFailedError } from "../errors.js";
import { linkSignals } from "../internal/abort.js";
import { apiPromise, type APIPromise } from "../internal/api-promise.js";
import { sleep } from "../internal/sleep.js";
import type { RequestOptions } from "../options.js";
import type { CompletedResult, ModelSlug, QueueResult, StatusResponse, SubmitParams, SubmitResponse } from "../types.js";

/** Options of `queue.wait` and `clipia.subscribe` (all in ms). */
export interface WaitOptions {
  /** Delay between status polls. Default 1000. */
  pollInterval?: number | undefined;
  /** Give up with `APITimeoutError` after this long (the submit included). Default 600 000 (10 minutes). */
  timeout?: number | undefined;
  /** Stops waiting (`APIUserAbortError`); the generation keeps running. A `signal` in the last `options` does the same. */
  signal?: AbortSignal | undefined;
  /** Called with the status when first seen and whenever its status, queue position or progress changes. */
  onQueueUpdate?: ((status: StatusResponse) => void) | undefined;
}

/** `POST /v1/models/{model}` and `/v1/requests/{request_id}[/status]`: the generation queue. */
export interface Queue {
  /**
   * Submits a generation. A live key answers `IN_QUEUE` (then `status`, `result` or `wait`); a
   * test key answers `COMPLETED` at once. Sends one `Idempotency-Key` (a UUID v4, or
   * `options.idempotencyKey`) on every attempt, so a retried submit queues and charges once.
   * @example
   * ```ts
   * const { request_id } = await clipia.queue.submit("nano-banana-2", { input: { prompt: "a lighthouse" } });
   * ```
   */
  submit<M extends ModelSlug | (string & {})>(model: M, body: SubmitParams<M>, options?: RequestOptions): APIPromise<SubmitResponse>;

  /** The status of a request: `queue_position` while `IN_QUEUE`, `progress` while `IN_PROGRESS`. */
  status(requestId: string, options?: RequestOptions): APIPromise<StatusResponse>;

  /**
   * The result of a request: `{…result, pending: false}` once terminal, `{request_id, status,
   * queue_position, progress, pending: true}` while the API answers 202.
   * @example
   * ```ts
   * const result = await clipia.queue.result(id);
   * if (!result.pending && result.status === "COMPLETED") console.log(result.output);
   * ```
   */
  result(requestId: string, options?: RequestOptions): APIPromise<QueueResult>;

  /**
   * Polls `status` until the request is terminal, then reads its result. Resolves when
   * `COMPLETED`; throws `GenerationFailedError` / `GenerationCanceledError` (with the result),
   * `APITimeoutError` past `waitOptions.timeout`, `APIUserAbortError` when a signal fires.
   */
  wait(requestId: string, waitOptions?: WaitOptions, options?: RequestOptions): APIPromise<CompletedResult>;
}

/**
 * @internal `clipia.queue`: each method is one call through the client, `wait` a loop of them.
 * `wait` also takes `[model, body]` in place of the id: `clipia.subscribe` (submit, then wait).
 */
export function queue(client: Clipia): Queue {
  const q: Queue = {
    submit: (model, body, options) => apiPromise(client._req("POST", "/v1/models/{model}", options, { model }, body)),
    status: (requestId, options) => apiPromise(client._req("GET", "/v1/requests/{request_id}/status", options, { request_id: requestId })),
    result: (requestId, options) =>
      apiPromise(
        client
          ._req<object>("GET", "/v1/requests/{request_id}", options, { request_id: requestId })
          .then(({ data, response }) => ({ data: { ...data, pending: response.status === 202 } as QueueResult, response })),
      ),
    wait: (target, waitOptions, options) => apiPromise(wait(target, waitOptions, options)),
  };

  async function wait(target: string | [string, SubmitParams<string>], waitOptions: WaitOptions = {}, options: RequestOptions = {}) {
    const { pollInterval = 1_000, timeout = 600_000, onQueueUpdate } = waitOptions;
    let id = target as string;
    const [signal, cleanup] = linkSignals([waitOptions.signal, options.signal], timeout, () => `Request ${id} was not final after ${timeout} ms.`);
    // `idempotencyKey` only applies to the submit.
    const poll = { ...options, signal };
    let seen = "";
    let status: StatusResponse | undefined;
    try {
      if (Array.isArray(target)) {
        // The submit is the first observation; a test key's is already terminal (no status poll).
        const data = await q.submit(...target, poll);
        status = {
          request_id: (id = data.request_id),
          status: data.status,
          queue_position: data.status === "IN_QUEUE" ? data.queue_position : null,
          progress: data.status === "COMPLETED" ? 100 : null,
          logs: [],
        };
      }
      for (;;) {
        status ??= await q.status(id, poll);
        const now = `${status.status} ${status.queue_position} ${status.progress}`;
        if (now !== seen) onQueueUpdate?.(status);
        seen = now;
        status = undefined;
        if (!/^IN_/.test(now)) {
          const answer = await q.result(id, poll).withResponse();
          const { data } = answer;
          // A 202 here means the status ran ahead of the result: keep polling.
          if (data.status === "COMPLETED") return answer as { data: CompletedResult; response: Response };
          // The result's error is the server's text: it may quote the key.
          if (!data.pending) throw new (data.status === "FAILED" ? GenerationFailedError : GenerationCanceledError)(client._scrub(data));
        }
        await sleep(pollInterval, signal);
      }
    } catch (error) {
      // A call cut short by the wait's own deadline or the caller's signal reports that.
      throw signal.aborted ? signal.reason : error;
    } finally {
      cleanup();
    }
  }

  return q;
}
