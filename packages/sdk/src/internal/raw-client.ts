import createClient, { type Client, createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import type { RequestOptions } from "../options.js";
import { raceAbort } from "./abort.js";
import { readCappedText } from "./body-cap.js";
import { type AttemptRequestInit, type CallState, LiteRequest, sendAttempt } from "./attempt.js";
import { type ApiCall, type ApiResponse, SUBMIT_PATH } from "./requester.js";
import {
  type Attempt,
  type AttemptInit,
  type CallInit,
  type FetchResult,
  send,
  type TransportConfig,
} from "./transport.js";

/** The methods of an openapi-fetch client that make a call; `use` and `eject` manage middleware. */
const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/** A method's name. */
type Method = (typeof METHODS)[number];
/** openapi-fetch's options of one call, with the client's {@link RequestOptions}. */
type RawInit = Record<string, unknown> & RequestOptions;
/** One openapi-fetch call, given its options and what the attempt adds: what an attempt runs. */
type Invoke = (init: AttemptOptions) => Promise<FetchResult>;
/** The options of one attempt: the call's, the attempt's fetch and headers, the Request class. */
type AttemptOptions = AttemptInit & { Request: typeof Request } & Record<string, unknown>;
// openapi-fetch's methods as the transport calls them: with any path and options.
type LooseMethod = (path: string, init?: RawInit) => Promise<FetchResult>;
type LooseRequest = (method: string, path: string, init?: RawInit) => Promise<FetchResult>;

/** The openapi-fetch client over the transport, and the call the resources make through it. */
interface RawTransport {
  raw: Client<paths>;
  request<T>(call: ApiCall): Promise<ApiResponse<T>>;
}

/**
 * Builds the openapi-fetch client under `baseUrl` and wraps each of its methods in the transport
 * (`send`): every attempt is one openapi-fetch call, so middleware registered with `raw.use()` sees
 * every attempt of every call, the resources' included.
 */
export function createRawClient(config: TransportConfig): RawTransport {
  // One query serializer for every call: without one, openapi-fetch builds its default per call.
  const querySerializer = createQuerySerializer();
  const base = createClient<paths>({ baseUrl: config.baseUrl, querySerializer });
  const methods = base as unknown as Record<Method, LooseMethod>;
  const request = base.request as unknown as LooseRequest;
  // openapi-fetch builds LiteRequests until middleware is registered: middleware needs Requests.
  let RequestClass: typeof Request = LiteRequest as never;

  /**
   * The attempts of a call through openapi-fetch: each invokes it with `fetchInit` and what the
   * attempt adds. The global fetch settles once its signal aborts, reading the body included (the
   * Fetch standard says so), so without middleware its attempt is not raced against the signal
   * (that costs a promise and a listener per attempt); an injected fetch may ignore the signal, and
   * middleware may hang: those attempts are raced.
   */
  function throughOpenapiFetch(fetchInit: object, invoke: Invoke): Attempt {
    // The same options serve every attempt of the call, unless middleware came in between.
    let all: AttemptOptions | undefined;
    return (attempt, signal) => {
      if (all?.Request !== RequestClass) all = { ...fetchInit, ...attempt, Request: RequestClass };
      return settledBy(invoke(all), signal);
    };
  }

  /** `sent`, raced against `signal` unless it is the global fetch's with no middleware (see above). */
  function settledBy<T>(sent: Promise<T>, signal: AbortSignal): Promise<T> {
    return !config.fetch && RequestClass === (LiteRequest as never) ? sent : raceAbort(sent, signal);
  }

  function run(call: CallInit, fetchInit: object, invoke: Invoke) {
    return send(config, call, throughOpenapiFetch(fetchInit, invoke));
  }

  /** A call made through `raw`: the client's options are taken out of openapi-fetch's. */
  function runRaw(method: string, path: string, init: RawInit = {}, invoke: Invoke) {
    const { timeout, maxRetries, idempotencyKey, ...fetchInit } = init;
    const options = { signal: init.signal, headers: init.headers, timeout, maxRetries, idempotencyKey };
    // `raw` has no flag for it: a POST to the submit's path template is a submit.
    const idempotent = method === "POST" && path === SUBMIT_PATH;
    return run({ label: `${method} ${path}`, options, idempotent }, fetchInit, invoke);
  }

  const raw = { ...base };
  const wrapped = raw as unknown as Record<string, unknown>;
  for (const method of METHODS) {
    wrapped[method] = (path: string, init?: RawInit) => runRaw(method, path, init, (all) => methods[method](path, all));
  }
  wrapped.request = (method: string, path: string, init?: RawInit) =>
    runRaw(method.toUpperCase(), path, init, (all) => request(method, path, all));
  raw.use = (...middleware) => {
    RequestClass = Request;
    base.use(...middleware);
  };

  /**
   * One attempt of a resource's call while no middleware is registered: what openapi-fetch's call
   * does for it (the URL from openapi-fetch's own serializers, a JSON body, the answer read as
   * openapi-fetch reads it), without what only middleware needs (a merged `Headers`, a request
   * object, the middleware loop): about 18 µs a call (BENCHMARKS.md). With middleware registered,
   * a resource's call goes through openapi-fetch itself, so the middleware sees it.
   */
  async function direct(
    call: ApiCall,
    params: Params,
    headers: Record<string, string>,
    signal: AbortSignal,
    state: CallState,
  ): Promise<FetchResult> {
    const { method, path, body } = call;
    const url = createFinalURL(path, {
      baseUrl: config.baseUrl,
      params,
      querySerializer,
      pathSerializer: defaultPathSerializer,
    });
    const init: AttemptRequestInit =
      body === undefined
        ? { method, headers, signal, redirect: "manual" }
        : {
            method,
            headers: { "content-type": "application/json", ...headers },
            body: JSON.stringify(body),
            signal,
            redirect: "manual",
          };
    const response = await sendAttempt(url, method, url, init, state, config);
    return readResult(response, config.maxResponseBytes, signal, state.label);
  }

  return {
    raw,
    request: <T>(call: ApiCall) => {
      const { method, path, pathParams, query, body, options = {}, idempotent = false } = call;
      const params = { path: pathParams, query };
      let viaOpenapiFetch: Attempt | undefined;
      const sent = send(config, { label: `${method} ${path}`, options, idempotent }, (attempt, signal, state) => {
        if (RequestClass !== (LiteRequest as never)) {
          viaOpenapiFetch ??= throughOpenapiFetch({ params, body, signal: options.signal }, (all) =>
            methods[method](path, all),
          );
          return viaOpenapiFetch(attempt, signal, state);
        }
        return settledBy(direct(call, params, attempt.headers, signal, state), signal);
      });
      return sent as Promise<ApiResponse<T>>;
    },
  };
}

/** A call's path and query parameters, as openapi-fetch takes them. */
interface Params {
  path?: Record<string, string> | undefined;
  query?: Record<string, string> | undefined;
}

/**
 * An answer's body as openapi-fetch reads it for `parseAs: "json"`: none for a 204 or an empty
 * declared length; a 2xx parsed as JSON (`data`, undefined when empty); anything else as JSON
 * when it parses, else as text (`error`). The body is read within the cap (`readCappedText`).
 */
async function readResult(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  label: string,
): Promise<FetchResult> {
  const length = response.headers.get("content-length");
  if (response.status === 204 || (length === "0" && !response.headers.get("transfer-encoding")?.includes("chunked"))) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  const text = await readCappedText(response, maxBytes, signal, label);
  if (response.ok) return { data: text ? JSON.parse(text) : undefined, response };
  try {
    return { error: JSON.parse(text), response };
  } catch {
    return { error: text, response };
  }
}
