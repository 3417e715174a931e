import { isLoopbackHostname } from "../engine/loopback.js";
import { ApiError } from "../http/errors.js";

const SAFE_METHODS = new Set(["GET", "HEAD"]);
// The names the console is opened under on the default bind, aliases of one another on one port.
// A list of names, not the loopback test (isLoopbackHostname): 127.0.0.2:4010 may be another server.
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** The origin and its loopback aliases on the same port (the console opened as localhost). */
function withLoopbackAliases(url: URL, into: Set<string>): void {
  into.add(url.origin);
  if (!LOOPBACK_NAMES.includes(url.hostname)) return;
  const port = url.port ? `:${url.port}` : "";
  for (const name of LOOPBACK_NAMES) into.add(`${url.protocol}//${name}${port}`);
}

// A Host no DNS rebinding can produce: an IP literal, or a single-label name (`sandbox`, a
// container's) that only a local resolver answers.
const REBIND_SAFE_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\]|[a-z0-9-]+)$/i;

/**
 * Whether a server may answer its control plane and console to a request addressed (`Host`) to
 * `hostname`: a loopback name, the host it was started on, or a name no DNS rebinding can forge
 * (an IP literal, a single-label name such as a container's). A rebinding page is addressed to
 * its own DNS name (`evil.example`), so it can neither drive nor read the control plane.
 */
export function hostAllowed(hostname: string, serverOrigin: string): boolean {
  const host = hostname.toLowerCase();
  return (
    isLoopbackHostname(host) || host === new URL(serverOrigin).hostname.toLowerCase() || REBIND_SAFE_HOST.test(host)
  );
}

/** 403 `origin_not_allowed` for a control-plane request behind a server addressed to a foreign Host. */
export function checkHost(requestUrl: URL, serverOrigin?: string): void {
  if (serverOrigin === undefined || hostAllowed(requestUrl.hostname, serverOrigin)) return;
  throw new ApiError(
    403,
    "origin_not_allowed",
    "The sandbox control plane answers only requests addressed to a loopback name, an IP address or the host it was started on; this Host is another.",
  );
}

/**
 * The origins that count as the sandbox's own. In process: the request URL's origin. Behind a
 * server: the bound origin, and the `Host` the client used only when no DNS rebinding can forge it
 * (an IP literal or a single-label name) — `Host: evil.example` never makes its page's Origin ours.
 * Loopback names on the same port count as one another.
 */
function ownOrigins(requestUrl: URL, serverOrigin?: string): Set<string> {
  const origins = new Set<string>();
  if (serverOrigin === undefined) {
    withLoopbackAliases(requestUrl, origins);
    return origins;
  }
  withLoopbackAliases(new URL(serverOrigin), origins);
  if (REBIND_SAFE_HOST.test(requestUrl.hostname)) withLoopbackAliases(requestUrl, origins);
  return origins;
}

/**
 * 403 `origin_not_allowed` for a control-plane write (or preflight) whose `Origin` is another
 * origin than the sandbox's own, so no web page can drive a sandbox on the developer's machine.
 * Reads carry no CORS header, so a foreign page cannot read their answers either. Requests
 * without `Origin` (curl, Node, tests) pass.
 */
export function checkOrigin(method: string, origin: string | null, requestUrl: URL, serverOrigin?: string): void {
  if (origin === null || SAFE_METHODS.has(method)) return;
  if (ownOrigins(requestUrl, serverOrigin).has(origin.toLowerCase())) return;
  throw new ApiError(
    403,
    "origin_not_allowed",
    "The sandbox control plane only accepts writes from its own origin (the developer console); this Origin is another.",
  );
}
