import { ApiError } from "../core/errors.js";

const SAFE_METHODS = new Set(["GET", "HEAD"]);
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/**
 * The origins that count as the sandbox's own for a request URL: that URL's origin and, for a
 * loopback host, the other loopback names on the same port (the console opened as localhost).
 */
export function ownOrigins(requestUrl: URL): Set<string> {
  const origins = new Set([requestUrl.origin]);
  if (LOOPBACK_NAMES.includes(requestUrl.hostname)) {
    const port = requestUrl.port ? `:${requestUrl.port}` : "";
    for (const name of LOOPBACK_NAMES) origins.add(`${requestUrl.protocol}//${name}${port}`);
  }
  return origins;
}

/**
 * 403 `origin_not_allowed` for a control-plane write (or preflight) whose `Origin` is another
 * origin than the sandbox's own, so no web page can drive a sandbox on the developer's machine.
 * Reads carry no CORS header, so a foreign page cannot read their answers either. Requests
 * without `Origin` (curl, Node, tests) pass.
 */
export function checkOrigin(method: string, origin: string | null, requestUrl: URL): void {
  if (origin === null || SAFE_METHODS.has(method)) return;
  if (ownOrigins(requestUrl).has(origin.toLowerCase())) return;
  throw new ApiError(
    403,
    "origin_not_allowed",
    "The sandbox control plane only accepts writes from its own origin (the developer console); this Origin is another.",
  );
}
