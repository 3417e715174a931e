import { ApiError } from "../core/errors.js";

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
 * 403 `origin_not_allowed` for a control-plane request whose `Origin` is another origin than the
 * sandbox's own (writes, and reads too: the control plane answers only its own origin), so no web
 * page can drive or read a sandbox on the developer's machine. Requests without `Origin` (curl,
 * Node, tests) pass.
 */
export function checkOrigin(origin: string | null, requestUrl: URL): void {
  if (origin === null) return;
  if (ownOrigins(requestUrl).has(origin.toLowerCase())) return;
  throw new ApiError(
    403,
    "origin_not_allowed",
    "The sandbox control plane only answers its own origin (the developer console); this Origin is another.",
  );
}
