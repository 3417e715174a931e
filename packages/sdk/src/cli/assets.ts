import type { ResultResponse } from "../index.js";

/** One media file of an output: its URLs and, when given, its dimensions. */
interface OutputAsset {
  url?: string;
  original_url?: string;
  width?: number;
  height?: number;
  duration?: number;
}

const isAsset = (value: unknown): value is OutputAsset =>
  typeof value === "object" &&
  value !== null &&
  (typeof (value as OutputAsset).url === "string" || typeof (value as OutputAsset).original_url === "string");

/**
 * The media files of a result's output: `images[]` and `video`, and for an output of another
 * shape (an audio model, or a type Clipia adds later) every top-level value, or array item,
 * that carries a `url`. So the CLI shows and saves what it does not know by name.
 */
export function outputAssets(result: ResultResponse): OutputAsset[] {
  const output = result.output as Record<string, unknown> | null;
  if (!output || typeof output !== "object") return [];
  return Object.values(output)
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .filter(isAsset);
}
