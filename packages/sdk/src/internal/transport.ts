import { type APIError, ClipiaError, makeAPIError } from "../errors.js";
import type { RequestOptions } from "../options.js";
import { linkSignals } from "./abort.js";
import { type AttemptConfig, type CallState, sendRequest } from "./attempt.js";
import { retryAfterMs } from "./backoff.js";
import { addHeaders } from "./headers.js";
import { isRetryableFailure, isRetryableStatus, retryDelay } from "./retry.js";
import { sleep } from "./sleep.js";
import { transportError } from "./transport-error.js";

/** The client's transport settings, resolved once at construction. */
export interface TransportConfig extends AttemptConfig {
  /** The headers every call starts from (accept, defaults, credential): shared, never written to. */
  headers: Readonly<Record<string, string>>;
  /** Default ms a call may take, retries included. */
  timeout: number;
  /** Default retries after a first attempt. */
  maxRetries: number;
}

/** What an attempt adds to the caller's openapi-fetch options. */
export interface AttemptInit {
  fetch: (request: Request) => Promise<Response>;
  headers: Record<string, string>;
}

/**
 * One attempt: one openapi-fetch call under the call's `signal` (or what stands for it, see
 * raw-client.ts); `state` names the call in messages. It must settle once the signal aborts (the
 * transport does not race it: raw-client.ts knows when a fetch is trusted).
 */
export type Attempt = (init: AttemptInit, signal: AbortSignal, state: CallState) => Promise<FetchResult>;

/** What an openapi-fetch call resolves. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** One API call, as the transport runs it. */
export interface CallInit {
  /** `METHOD /path template`, until the first attempt names the real path. */
  label: string;
  options: RequestOptions;
  /** Send one `Idempotency-Key` on every attempt (a submit): a UUID v4 unless the caller gave one. */
  idempotent: boolean;
}

/** How an attempt ended short of a 2xx, when it did not end the call. */
interface Failure {
  error: ClipiaError;
  retryable: boolean;
  /** The delay the server asked for, when it may be honoured. */
  requested?: number | undefined;
}

/**
 * One API call under one deadline: runs `attempt` (one openapi-fetch call) until it answers 2xx or
 * SPEC §4 allows no more retries, and resolves its data and response. Throws the last attempt's
 * error; the deadline's `APITimeoutError` or the caller's `APIUserAbortError` when the call's
 * signal fires, whatever was under way.
 */
export async function send(
  config: TransportConfig,
  call: CallInit,
  attempt: Attempt,
): Promise<{ data: unknown; response: Response }> {
  const { options } = call;
  const maxRetries = options.maxRetries ?? config.maxRetries;
  const timeout = options.timeout ?? config.timeout;
  const deadline = Date.now() + timeout;
  const state: CallState = { label: call.label };
  const timeoutMessage = () => `${state.label} timed out after ${timeout} ms.`;
  const [signal, cleanup] = linkSignals([options.signal], timeout, timeoutMessage);
  const init: AttemptInit = {
    fetch: (request) => sendRequest(request, state, signal, config),
    headers: callHeaders(config.headers, call),
  };
  try {
    for (let count = 0; ; count++) {
      const outcome = await runAttempt(attempt, init, state, signal, config);
      if (!("error" in outcome)) return outcome;
      const { error } = outcome;
      if (!outcome.retryable) throw error;
      const delay = retryDelay(count, maxRetries, deadline, outcome.requested);
      if (delay === undefined) {
        if (count) config.log("warn", `${state.label}: ${error.message} (after ${count + 1} attempts)`);
        throw error;
      }
      config.log("info", `${state.label}: ${error.message}; retry ${count + 1} in ${delay} ms`);
      await sleep(delay, signal);
    }
  } finally {
    cleanup();
  }
}

/**
 * One attempt: its data and response on a 2xx, else how it failed. Throws what ends the call
 * whatever the retries left: the signal's reason once it fired, an error that is no transport
 * failure (wrapped in a `ClipiaError` unless it is one).
 */
async function runAttempt(
  attempt: Attempt,
  init: AttemptInit,
  state: CallState,
  signal: AbortSignal,
  config: TransportConfig,
): Promise<{ data: unknown; response: Response } | Failure> {
  try {
    signal.throwIfAborted();
    const { data, error: body, response } = await attempt(init, signal, state);
    config.log("debug", `${state.label} -> ${response.status}`);
    if (response.ok) return { data, response };
    const error: APIError = makeAPIError(response.status, body, response.headers, config.apiKey);
    const retryable = isRetryableStatus(response.status, error.code);
    return { error, retryable, requested: retryable ? retryAfterMs(response.headers) : undefined };
  } catch (failure) {
    if (signal.aborted) throw signal.reason;
    if (isRetryableFailure(failure)) return { error: failure, retryable: true };
    if (failure instanceof ClipiaError) throw failure;
    throw transportError(ClipiaError, `${state.label}: `, failure, config.apiKey);
  }
}

/**
 * The headers of a call's attempts: the client's, shared as they are unless the call adds some
 * (its `headers`, a submit's `Idempotency-Key`, the same on every attempt).
 */
function callHeaders(
  base: Readonly<Record<string, string>>,
  { options, idempotent }: CallInit,
): Record<string, string> {
  if (!options.headers && !idempotent) return base as Record<string, string>;
  const headers = addHeaders({ ...base }, options.headers);
  if (idempotent) {
    headers["idempotency-key"] = options.idempotencyKey ?? headers["idempotency-key"] ?? crypto.randomUUID();
  }
  return headers;
}
