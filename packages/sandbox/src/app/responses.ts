import { ApiError, errorBody } from "../http/errors.js";
import { JSON_CONTENT_TYPE, jsonResponse } from "../http/body.js";
import type { CoreResponse } from "../http/message.js";
import type { RouteResult } from "../engine/route-context.js";

// The answers the three pipelines share: a route's result or an error, as a core response.

/** The JSON error answer of `error`, with its headers. */
export function errorResponse(error: ApiError): CoreResponse {
  return jsonResponse(error.status, errorBody(error), error.headers);
}

/** A route handler's result as a core response: a stream, raw content, no body, or JSON. */
export function toResponse(result: RouteResult): CoreResponse {
  if (result.events) {
    return {
      status: result.status,
      // no-cache: a proxy must not hold the stream back; SSE clients expect it.
      headers: { "content-type": result.events.contentType, "cache-control": "no-cache", ...result.headers },
      body: result.events.frames.join(""),
      stream: result.events.frames,
    };
  }
  if (result.raw) {
    return {
      status: result.status,
      headers: { "content-type": result.raw.contentType, ...result.headers },
      body: result.raw.content,
    };
  }
  if (result.body === undefined) return { status: result.status, headers: { ...result.headers }, body: null };
  return {
    status: result.status,
    headers: { "content-type": JSON_CONTENT_TYPE, ...result.headers },
    body: JSON.stringify(result.body),
  };
}

/** `caught` as an `ApiError`: anything else is a generic 500 that leaks nothing of it. */
export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError
    ? caught
    : new ApiError(500, "internal_error", "The sandbox hit an internal error.");
}
