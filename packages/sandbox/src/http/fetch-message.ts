import { readBodyText } from "./body.js";
import type { CoreRequest, CoreResponse } from "./message.js";

// The core's messages from and to Fetch objects (sandbox.fetch, the MSW handlers).

/** Adapts a Fetch `Request`. */
export function fromFetchRequest(request: Request): CoreRequest {
  return { method: request.method, url: request.url, headers: request.headers, readBody: () => readBodyText(request) };
}

/** A Fetch `Response`; a dropped connection becomes `Response.error()`. */
export function toFetchResponse(response: CoreResponse): Response {
  if (response.status === 0) return Response.error();
  const body = response.body instanceof Uint8Array ? new Uint8Array(response.body) : response.body;
  return new Response(body, { status: response.status, headers: response.headers });
}
