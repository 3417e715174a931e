import { http, type HttpHandler } from "msw";
import { fromFetchRequest, toFetchResponse } from "./http/fetch-message.js";
import type { CoreHandler } from "./http/message.js";

/**
 * One catch-all MSW handler per base URL, each passing the request to the core and returning its
 * Response (a dropped connection from a network fault becomes `Response.error()`). Handlers added
 * later with `server.use()` are prepended by MSW, so they still win.
 */
export function createMswHandlers(
  core: CoreHandler,
  baseUrls: readonly string[],
  clientIp: () => string,
): HttpHandler[] {
  return baseUrls.map((base) =>
    http.all(`${base.replace(/\/+$/, "")}/*`, async ({ request }) =>
      toFetchResponse(await core(fromFetchRequest(request), clientIp())),
    ),
  );
}
