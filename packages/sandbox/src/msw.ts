import { http, type HttpHandler } from "msw";

/** The core as the MSW transport calls it. */
export type CoreHandler = (request: Request, clientIp: string) => Promise<Response>;

/**
 * One catch-all MSW handler per base URL, each passing the request to the core and returning its
 * Response (`Response.error()` from a network fault becomes a network error). Handlers added later
 * with `server.use()` are prepended by MSW, so they still win.
 */
export function createMswHandlers(core: CoreHandler, baseUrls: readonly string[], clientIp: () => string): HttpHandler[] {
  return baseUrls.map((base) =>
    http.all(`${base.replace(/\/+$/, "")}/*`, ({ request }) => core(request, clientIp())),
  );
}
