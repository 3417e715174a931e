import { CONTROL_SEGMENT } from "../http/paths.js";
import type { SandboxState } from "../engine/state.js";
import type { CoreRequest, CoreResponse } from "../http/message.js";
import type { RouteArea } from "../engine/route-context.js";
import { pathSegments } from "../http/router.js";
import { handleControl } from "./control-pipeline.js";
import { handleMedia } from "./media-pipeline.js";
import { handlePublic } from "./public-pipeline.js";

// The contract as one handler, dispatching to one of three pipelines: public (public-pipeline.ts,
// with the SPEC §3 check order and the faults), media and the control plane, each with its own.

/**
 * Which pipeline answers a path, read from the same decoded segments the router matches: every
 * spelling of `/_sandbox` (`/%5Fsandbox`, `/_sandbo%78`) is the control plane, with its Host and
 * Origin checks and no wildcard CORS. `//_sandbox/…` and `/_sandbox%2F…` match no route, yet a
 * proxy in front that merges slashes or decodes `%2F` would read them as the control plane: their
 * 404 goes through it too, so it carries no CORS either.
 */
function areaOf(segments: readonly string[]): RouteArea {
  const first = segments.find((segment) => segment !== "") ?? "";
  if (first === CONTROL_SEGMENT || first.startsWith(`${CONTROL_SEGMENT}/`)) return "control";
  if (segments[0] === "media" && segments.length > 1) return "media";
  return "public";
}

/** Answers one request against `state`. A `network_error` fault answers `DROPPED_CONNECTION`. */
export function handleRequest(state: SandboxState, request: CoreRequest, clientIp: string): Promise<CoreResponse> {
  const url = request.parsedUrl ?? new URL(request.url);
  const method = request.method.toUpperCase();
  const segments = pathSegments(url.pathname);
  const area = areaOf(segments);
  if (area === "control") return handleControl(state, request, url, method, clientIp);
  if (area === "media") return handleMedia(state, request, url, method, clientIp);
  return handlePublic(state, request, url, method, clientIp, segments);
}
