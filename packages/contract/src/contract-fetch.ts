import { validateRequestBody, validateResponse } from "./validate-response.js";

/** Any fetch-shaped function: `fetch`, `sandbox.fetch`, an MSW-backed fetch. */
// `any` so that the wrapper keeps the wrapped function's exact type (`typeof fetch`, `Sandbox["fetch"]`).
// biome-ignore lint/suspicious/noExplicitAny: the reason is above
export type FetchLike = (input: any, ...rest: any[]) => Promise<Response>;

/** Options of `contractFetch`. */
export interface ContractFetchOptions {
  /** Also validate JSON request bodies against the operation's request schema. Default false (tests send bad bodies on purpose). */
  validateRequests?: boolean;
}

/**
 * Wraps a fetch function so every response it returns is validated against the contract (on a
 * clone, so the caller still reads the body) and recorded for coverage. A response that breaks
 * the contract rejects the call with a `ContractError`, failing the test that made it.
 * Network errors (a rejection, or `Response.error()`) pass through untouched.
 *
 * @example
 * const fetch = contractFetch(sandbox.fetch);
 * const client = new Clipia({ apiKey: sandbox.keys.test, fetch: contractFetch(globalThis.fetch) });
 */
export function contractFetch<F extends FetchLike>(fetch: F, options: ContractFetchOptions = {}): F {
  const wrapped = async (input: unknown, ...rest: unknown[]): Promise<Response> => {
    const init = rest[0] as RequestInit | undefined;
    const { method, url } = describeRequest(input, init);
    if (options.validateRequests) await checkRequestBody(input, init, method, url);
    const response = await fetch(input, ...rest);
    if (response.type === "error" || response.status === 0) return response;
    const text = await response.clone().text();
    validateResponse({ method, url, status: response.status, headers: response.headers, body: text });
    return response;
  };
  return wrapped as F;
}

function describeRequest(input: unknown, init: RequestInit | undefined): { method: string; url: string } {
  if (input instanceof Request) return { method: init?.method ?? input.method, url: input.url };
  const method = typeof init?.method === "string" ? init.method : "GET";
  return { method, url: String(input) };
}

async function checkRequestBody(input: unknown, init: RequestInit | undefined, method: string, url: string) {
  let body: string | undefined;
  if (typeof init?.body === "string") body = init.body;
  else if (input instanceof Request && input.body !== null) body = await input.clone().text();
  if (body === undefined || body === "") return;
  validateRequestBody({ method, url, body });
}
