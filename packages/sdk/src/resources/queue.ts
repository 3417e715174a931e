import { GenerationCanceledError, GenerationFailedError } from "../errors.js";
import { linkSignals } from "../internal/abort.js";
import { type APIPromise, apiPromise } from "../internal/api-promise.js";
import { type ApiResponse, type Requester, SUBMIT_PATH } from "../internal/requester.js";
import { sleep } from "../internal/sleep.js";
import type { RequestOptions } from "../options.js";
import type {
  CompletedResult,
  ModelSlug,
  QueueResult,
  StatusResponse,
  SubmitParams,
  SubmitResponse,
} from "../types.js";

/** Options of `queue.wait` and `clipia.subscribe` (all in ms). */
export interface WaitOptions {
  /** Delay between status polls. Default 1000. */
  pollInterval?: number | undefined;
  /** Give up with `APITimeoutError` after this long (the submit included). Default 600 000 (10 minutes). */
  timeout?: number | undefined;
  /**
   * Stops waiting (`APIUserAbortError`); the generation keeps running. A `signal` in the last
   * `options` does the same.
   */
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
  submit<M extends ModelSlug | (string & {})>(
    model: M,
    body: SubmitParams<M>,
    options?: RequestOptions,
  ): APIPromise<SubmitResponse>;

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

/** @internal `clipia.queue`: each method is one call through the client, `wait` a loop of them. */
export function queue(requester: Requester): Queue {
  return {
    submit: (model, body, options) => apiPromise(submit(requester, model, body, options)),
    status: (requestId, options) => apiPromise(status(requester, requestId, options)),
    result: (requestId, options) => apiPromise(result(requester, requestId, options)),
    wait: (requestId, waitOptions, options) =>
      apiPromise(waitFor(requester, `Request ${requestId}`, async () => ({ id: requestId }), waitOptions, options)),
  };
}

/**
 * @internal `clipia.subscribe`: submits, then waits as `queue.wait` does, under the wait's timeout
 * and signals. The submit is the first observation: a test key's is already terminal, so no status
 * poll follows it, only the result call.
 */
export function subscribe<M extends string>(
  requester: Requester,
  model: M,
  body: SubmitParams<M>,
  waitOptions?: WaitOptions,
  options?: RequestOptions,
): APIPromise<CompletedResult<M>> {
  const submitFirst = async (poll: RequestOptions) => {
    const { data } = await submit(requester, model, body, poll);
    const first: StatusResponse = {
      request_id: data.request_id,
      status: data.status,
      queue_position: data.status === "IN_QUEUE" ? data.queue_position : null,
      progress: data.status === "COMPLETED" ? 100 : null,
      logs: [],
    };
    return { id: data.request_id, first };
  };
  const waiting = waitFor(requester, `The request to ${model}`, submitFirst, waitOptions, options);
  return apiPromise(waiting as Promise<ApiResponse<CompletedResult<M>>>);
}

/** `POST /v1/models/{model}`, with one `Idempotency-Key` for all its attempts. */
function submit(requester: Requester, model: string, body: unknown, options: RequestOptions | undefined) {
  const call = { method: "POST", path: SUBMIT_PATH, pathParams: { model }, body, options, idempotent: true } as const;
  return requester.request<SubmitResponse>(call);
}

/** `GET /v1/requests/{request_id}/status`. */
function status(requester: Requester, requestId: string, options: RequestOptions | undefined) {
  const path = "/v1/requests/{request_id}/status";
  return requester.request<StatusResponse>({ method: "GET", path, pathParams: { request_id: requestId }, options });
}

/** `GET /v1/requests/{request_id}`, `pending` set from the status: a 202 is a request not final yet. */
async function result(requester: Requester, requestId: string, options: RequestOptions | undefined) {
  const call = {
    method: "GET",
    path: "/v1/requests/{request_id}",
    pathParams: { request_id: requestId },
    options,
  } as const;
  const { data, response } = await requester.request<object>(call);
  return { data: { ...data, pending: response.status === 202 } as QueueResult, response };
}

/**
 * Polls the status until the request is terminal, then reads its result. `start` (given the options
 * of every call of the wait) names the request, with its first status when it has one; `before`
 * names the request in the timeout's message until then.
 */
async function waitFor(
  requester: Requester,
  before: string,
  start: (poll: RequestOptions) => Promise<{ id: string; first?: StatusResponse }>,
  waitOptions: WaitOptions = {},
  options: RequestOptions = {},
): Promise<ApiResponse<CompletedResult>> {
  const { pollInterval = 1_000, timeout = 600_000, onQueueUpdate } = waitOptions;
  let subject = before;
  const message = () => `${subject} was not final after ${timeout} ms.`;
  const [signal, cleanup] = linkSignals([waitOptions.signal, options.signal], timeout, message);
  // Every call of the wait runs under its signal; `idempotencyKey` only applies to a submit.
  const poll = { ...options, signal };
  try {
    const { id, first } = await start(poll);
    subject = `Request ${id}`;
    let seen = "";
    let current = first;
    for (;;) {
      current ??= (await status(requester, id, poll)).data;
      const now = `${current.status} ${current.queue_position} ${current.progress}`;
      if (now !== seen) onQueueUpdate?.(current);
      seen = now;
      current = undefined;
      if (!/^IN_/.test(now)) {
        const answer = await result(requester, id, poll);
        const { data } = answer;
        // A 202 here means the status ran ahead of the result: keep polling.
        if (data.status === "COMPLETED") return answer as ApiResponse<CompletedResult>;
        // The result's error is the server's text: it may quote the key.
        if (!data.pending) {
          const Ended = data.status === "FAILED" ? GenerationFailedError : GenerationCanceledError;
          throw new Ended(requester.scrub(data));
        }
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
