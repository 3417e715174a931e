import createClient, { type Client, createQuerySerializer } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import type { RequestOptions } from "../options.js";
import { raceAbort } from "./abort.js";
import { LiteRequest } from "./attempt.js";
import { type ApiCall, type ApiResponse, SUBMIT_PATH } from "./requester.js";
import { type CallInit, type FetchResult, send, type TransportConfig } from "./transport.js";

/** The methods of an openapi-fetch client that make a call; `use` and `eject` manage middleware. */
const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/** A method's name. */
type Method = (typeof METHODS)[number];
/** openapi-fetch's options of one call, with the client's {@link RequestOptions}. */
type RawInit = Record<string, unknown> & RequestOptions;
/** One openapi-fetch call, given its options: what an attempt runs. */
type Invoke = (init: Record<string, unknown>) => Promise<FetchResult>;
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
  const base = createClient<paths>({ baseUrl: config.baseUrl, querySerializer: createQuerySerializer() });
  const methods = base as unknown as Record<Method, LooseMethod>;
  const request = base.request as unknown as LooseRequest;
  // openapi-fetch builds LiteRequests until middleware is registered: middleware needs Requests.
  let RequestClass: typeof Request = LiteRequest as never;

  /**
   * One call through the transport: each attempt invokes openapi-fetch with `fetchInit` and what it
   * adds. The global fetch settles once its signal aborts, reading the body included (the Fetch
   * standard says so), so without middleware its attempt is not raced against the signal (that
   * costs a promise and a listener per attempt); an injected fetch may ignore the signal, and
   * middleware may hang: those attempts are raced.
   */
  function run(call: CallInit, fetchInit: object, invoke: Invoke) {
    // The same options serve every attempt of the call, unless middleware came in between.
    let all: { Request: typeof Request } | undefined;
    return send(config, call, (attempt, signal) => {
      if (all?.Request !== RequestClass) all = { ...fetchInit, ...attempt, Request: RequestClass };
      const trusted = !config.fetch && RequestClass === (LiteRequest as never);
      const sent = invoke(all);
      return trusted ? sent : raceAbort(sent, signal);
    });
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

  return {
    raw,
    request: <T>({ method, path, pathParams, query, body, options = {}, idempotent = false }: ApiCall) => {
      const fetchInit = { params: { path: pathParams, query }, body, signal: options.signal };
      const sent = run({ label: `${method} ${path}`, options, idempotent }, fetchInit, (all) =>
        methods[method](path, all),
      );
      return sent as Promise<ApiResponse<T>>;
    },
  };
}
