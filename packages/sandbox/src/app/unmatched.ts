import { ApiError, echo } from "../http/errors.js";
import type { RouteArea, RouteDef } from "../engine/route-context.js";
import { pathSegments } from "../http/router.js";
import { ROUTER } from "./routes.js";

/**
 * The route of `method` on `url` within `area`'s pipeline, with its params; throws the 404 or 405
 * when there is none. `segments` are the path's, when the caller already split it.
 */
export function unmatched(
  method: string,
  url: URL,
  area: RouteArea,
  segments: readonly string[] = pathSegments(url.pathname),
): { route: RouteDef; params: Record<string, string> } {
  const match = ROUTER.matchSegments(method, segments);
  // A route runs only in its own pipeline (a guard: areaOf already sent its path there).
  if (match.kind === "not_found" || (match.kind === "found" && match.value.area !== area)) {
    throw new ApiError(404, "not_found", `No such endpoint: ${method} ${echo(url.pathname)}.`);
  }
  if (match.kind === "method_not_allowed") {
    const allow = match.allow.join(", ");
    throw new ApiError(405, "invalid_request", `${method} is not allowed on ${echo(url.pathname)}; use ${allow}.`, {
      allow,
    });
  }
  return { route: match.value, params: match.params };
}
