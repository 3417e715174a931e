import { APIConnectionError } from "../errors.js";

/**
 * `response` with its body capped at `maxBytes` once decoded: past it, reading the body fails with
 * `APIConnectionError` (not retried: the same answer would come again). A declared length within
 * the cap, not encoded, is all the body can be: that response is returned as it is. Otherwise the
 * body is counted as it streams in, and cancelled when `signal` aborts (the deadline, the caller),
 * even when the fetch that produced it ignored its signal.
 */
export function capBody(response: Response, maxBytes: number, signal: AbortSignal, label: string): Response {
  const declared = Number(response.headers.get("content-length") || Number.NaN);
  if (declared <= maxBytes && !response.headers.has("content-encoding")) return response;
  let size = 0;
  const capped = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, stream) {
      stream.enqueue(chunk);
      size += chunk.length;
      if (size > maxBytes) stream.error(new APIConnectionError(`${label}: response over maxResponseBytes.`));
    },
  });
  return new Response(response.body?.pipeThrough(capped, { signal }), response);
}
