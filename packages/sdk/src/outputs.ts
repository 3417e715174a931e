import type { ImageOutput, RequestOutput, VideoOutput } from "./types.js";

/**
 * Whether an output holds images (`{images: [...]}`). An output may also be a video, or of a
 * shape the SDK does not know yet (an audio model): check before reading it.
 * @example
 * ```ts
 * const result = await clipia.queue.wait(requestId);
 * if (isImageOutput(result.output)) console.log(result.output.images[0]?.url);
 * ```
 */
export function isImageOutput(output: RequestOutput | null | undefined): output is ImageOutput {
  return Array.isArray((output as { images?: unknown } | null | undefined)?.images);
}

/** Whether an output holds a video (`{video: {...}}`); see `isImageOutput`. */
export function isVideoOutput(output: RequestOutput | null | undefined): output is VideoOutput {
  const video = (output as { video?: unknown } | null | undefined)?.video;
  return typeof video === "object" && video !== null;
}
