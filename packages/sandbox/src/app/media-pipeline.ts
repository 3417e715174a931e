import type { SandboxState } from "../engine/state.js";
import type { CoreRequest, CoreResponse } from "../http/message.js";
import { asApiError, errorResponse, toResponse } from "./responses.js";
import { unmatched } from "./unmatched.js";

/** Answers a `/media/…` request: no credentials, wildcard CORS, `HEAD` as a bodiless `GET`. */
export async function handleMedia(
  state: SandboxState,
  request: CoreRequest,
  url: URL,
  method: string,
  clientIp: string,
): Promise<CoreResponse> {
  const cors = { "access-control-allow-origin": "*" };
  try {
    const { route, params } = unmatched(method === "HEAD" ? "GET" : method, url, "media");
    const result = await route.handler({
      state,
      request,
      params,
      query: url.searchParams,
      body: undefined,
      auth: null,
      now: state.clock.now(),
      base: url.origin,
      clientIp,
    });
    const response = toResponse(result);
    Object.assign(response.headers, cors);
    if (method === "HEAD") response.body = null;
    return response;
  } catch (caught) {
    const response = errorResponse(asApiError(caught));
    Object.assign(response.headers, cors);
    return response;
  }
}
