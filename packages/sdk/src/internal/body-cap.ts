import { APIConnectionError } from "../errors.js";

/** Whether `response` declares a length within `maxBytes` and no encoding: then that is all its body can be. */
function declaredWithin(response: Response, maxBytes: number): boolean {
  const declared = Number(response.headers.get("content-length") || Number.NaN);
  return declared <= maxBytes && !response.headers.has("content-encoding");
}

const overCap = (label: string) => new APIConnectionError(`${label}: response over maxResponseBytes.`);

/**
 * `response` with its body capped at `maxBytes` once decoded: past it, reading the body fails with
 * `APIConnectionError` (not retried: the same answer would come again). A declared length within
 * the cap, not encoded, is all the body can be: that response is returned as it is. Otherwise the
 * body is counted as it streams in, and cancelled when `signal` aborts (the deadline, the caller),
 * even when the fetch that produced it ignored its signal. For openapi-fetch, which may hand the
 * body on as a stream (`parseAs: "stream"`); a body read whole is read by {@link readCappedText}.
 */
export function capBody(response: Response, maxBytes: number, signal: AbortSignal, label: string): Response {
  if (declaredWithin(response, maxBytes)) return response;
  let size = 0;
  const capped = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, stream) {
      stream.enqueue(chunk);
      size += chunk.length;
      if (size > maxBytes) stream.error(overCap(label));
    },
  });
  return new Response(response.body?.pipeThrough(capped, { signal }), response);
}

/**
 * `response`'s whole body as text, within the same cap as {@link capBody}: read as it is when its
 * declared length allows; otherwise chunk by chunk from its reader, cancelled past the cap or when
 * `signal` aborts (then rejecting with the signal's reason), even when the fetch ignored its
 * signal. No stream in between: piping through one costs about 100 µs a call (BENCHMARKS.md).
 */
export async function readCappedText(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  label: string,
): Promise<string> {
  if (declaredWithin(response, maxBytes)) return response.text();
  const reader = response.body?.getReader();
  if (!reader) return "";
  const stop = () => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener("abort", stop);
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      if (done) return text + decoder.decode();
      size += value.byteLength;
      if (size > maxBytes) {
        stop();
        throw overCap(label);
      }
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    signal.removeEventListener("abort", stop);
  }
}
