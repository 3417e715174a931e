import { readBodyText } from "./body.js";
import type { CoreRequest, CoreResponse } from "./message.js";

// The core's messages from and to Fetch objects (sandbox.fetch, the MSW handlers).

/** Adapts a Fetch `Request`. */
export function fromFetchRequest(request: Request): CoreRequest {
  return { method: request.method, url: request.url, headers: request.headers, readBody: () => readBodyText(request) };
}

/** A Fetch `Response`; a dropped connection becomes `Response.error()`, a stream a streamed body. */
export function toFetchResponse(response: CoreResponse): Response {
  if (response.status === 0) return Response.error();
  if (response.stream)
    return new Response(streamOf(response.stream), { status: response.status, headers: response.headers });
  const body = response.body instanceof Uint8Array ? new Uint8Array(response.body) : response.body;
  return new Response(body, { status: response.status, headers: response.headers });
}

/** A body that hands out one frame per read, as a server writing them one by one would. */
function streamOf(frames: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const frame = frames[next++];
      if (frame === undefined) controller.close();
      else controller.enqueue(encoder.encode(frame));
    },
  });
}
