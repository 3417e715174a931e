import { settleAll } from "../engine/lifecycle.js";
import type { SandboxState } from "../engine/state.js";
import { checkDeclaredLength, parseJsonBody } from "../http/body.js";
import type { CoreRequest, CoreResponse } from "../http/message.js";
import { pathSegments } from "../http/router.js";
import { checkHost, checkOrigin } from "./origin.js";
import { asApiError, errorResponse, toResponse } from "./responses.js";
import { ROUTER } from "./routes.js";
import { unmatched } from "./unmatched.js";

/**
 * Answers a control-plane (`/_sandbox/…`) request: Host and Origin checks, no faults, no
 * credentials and no wildcard CORS.
 */
export async function handleControl(
  state: SandboxState,
  request: CoreRequest,
  url: URL,
  method: string,
  clientIp: string,
): Promise<CoreResponse> {
  try {
    // An unknown path is a 404 whatever the Origin; a preflight of a known one is refused like a write.
    const known = ROUTER.matchSegments(method, pathSegments(url.pathname));
    if (method === "OPTIONS" && known.kind === "method_not_allowed") {
      checkHost(url, request.serverOrigin);
      checkOrigin(method, request.headers.get("origin"), url, request.serverOrigin);
      return { status: 204, headers: { allow: known.allow.join(", ") }, body: null };
    }
    const { route, params } = unmatched(method, url, "control");
    // Behind a server, a foreign Host (a DNS-rebinding page) can neither drive nor read it.
    checkHost(url, request.serverOrigin);
    checkOrigin(method, request.headers.get("origin"), url, request.serverOrigin);
    settleAll(state);
    const hasBody = route.readsBody === true;
    if (hasBody) checkDeclaredLength(request);
    const body = hasBody ? parseJsonBody(await request.readBody(), request.headers.get("content-type")) : undefined;
    const result = await route.handler({
      state,
      request,
      params,
      query: url.searchParams,
      body,
      auth: null,
      now: state.clock.now(),
      base: url.origin,
      clientIp,
    });
    return toResponse(result);
  } catch (caught) {
    return errorResponse(asApiError(caught));
  }
}
