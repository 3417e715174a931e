import { SAMPLE_MP4_BASE64, SAMPLE_PNG_BASE64 } from "./media-data.js";
import type { GenerationCatalogEntry } from "./types.js";

/** One sample asset served under `<base>/media/…`. */
interface MediaAsset {
  path: string;
  contentType: string;
  width: number;
  height: number;
  /** Seconds, for videos. */
  duration?: number;
  bytes(): Uint8Array;
}

function decoder(base64: string): () => Uint8Array {
  let bytes: Uint8Array | undefined;
  return () => {
    bytes ??= Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    return bytes;
  };
}

/** The two sample assets: one image for image models, one video for video models (SPEC §2 D). */
const MEDIA: Readonly<Record<"image" | "video", MediaAsset>> = {
  image: {
    path: "/media/sample.png",
    contentType: "image/png",
    width: 64,
    height: 64,
    bytes: decoder(SAMPLE_PNG_BASE64),
  },
  video: {
    path: "/media/sample.mp4",
    contentType: "video/mp4",
    width: 64,
    height: 64,
    duration: 1,
    bytes: decoder(SAMPLE_MP4_BASE64),
  },
};

const BY_PATH = new Map(Object.values(MEDIA).map((asset) => [asset.path, asset]));

/** The asset at a path (`/media/sample.png`), or undefined. */
export function findMedia(path: string): MediaAsset | undefined {
  return BY_PATH.get(path);
}

/**
 * The output of a completed generation: the sample asset of the model's type, on the base URL the
 * client uses. The same whatever the input (the number of images aside).
 */
export function sampleOutput(
  model: GenerationCatalogEntry,
  input: Record<string, unknown>,
  base: string,
): Record<string, unknown> {
  if (model.type === "image") {
    const asset = MEDIA.image;
    const count = typeof input.num_images === "number" ? input.num_images : 1;
    const image = { url: base + asset.path, original_url: base + asset.path, width: asset.width, height: asset.height };
    return { images: Array.from({ length: Math.max(1, count) }, () => ({ ...image })) };
  }
  const asset = MEDIA.video;
  const seconds = typeof input.duration === "number" ? input.duration : (asset.duration ?? 1);
  return {
    video: {
      url: base + asset.path,
      original_url: base + asset.path,
      width: asset.width,
      height: asset.height,
      duration: seconds,
    },
  };
}
