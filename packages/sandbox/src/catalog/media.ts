import { greyMp4 } from "./media-mp4.js";
import { solidPng } from "./media-png.js";
import { solidWebp } from "./media-webp.js";
import type { GenerationCatalogEntry } from "./types.js";

// Outputs describe the request (issue 19): width and height follow `aspect_ratio` and
// `resolution`, a video's length follows `duration`. The content is fixed (a solid colour image,
// a grey video); each file is generated on first request from its path, which says what it is:
// `/media/image/1024x576.webp` (url), `/media/image/1024x576.png` (original_url),
// `/media/video/1280x720-5s.mp4` (both). docs/behaviour-choices.md has the table.

/** The largest width or height served, and the longest video (seconds): larger paths are 404. */
const MAX_SIDE = 8192;
const MAX_SECONDS = 60;
/** How many generated files are kept (least recently used first out); a file is at most ~300 KB. */
const CACHE_SIZE = 32;

/** The colour of every sample image (Clipia indigo). */
const IMAGE_RGB = 0x4f46e5;

const IMAGE_LONG_SIDE: Readonly<Record<string, number>> = { "1K": 1024, "2K": 2048, "4K": 4096 };
const VIDEO_SHORT_SIDE: Readonly<Record<string, number>> = { "480P": 480, "720P": 720, "1080P": 1080 };
const DEFAULT_IMAGE_SIDE = 1024;
const DEFAULT_VIDEO_SIDE = 720;
const DEFAULT_SECONDS = 5;

/** `"16:9"` → `[16, 9]`; undefined unless two positive integers. */
function parseRatio(value: unknown): [number, number] | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\s*(\d{1,6})\s*:\s*(\d{1,6})\s*$/.exec(value);
  if (!match) return undefined;
  const ratio: [number, number] = [Number(match[1]), Number(match[2])];
  return ratio[0] > 0 && ratio[1] > 0 ? ratio : undefined;
}

/** The input's ratio, else the model's default, else `fallback`. */
function ratioOf(model: GenerationCatalogEntry, input: Record<string, unknown>, fallback: [number, number]) {
  return parseRatio(input.aspect_ratio) ?? parseRatio(model.input_schema.aspect_ratio?.default) ?? fallback;
}

const upper = (value: unknown) => (typeof value === "string" ? value.toUpperCase() : "");
const even = (value: number) => Math.max(2, 2 * Math.round(value / 2));

/**
 * Width and height of `[w, h]` with one side fixed: the long side (`side: "long"`) or the short
 * one. A ratio so extreme that the other side would pass MAX_SIDE is scaled down to fit.
 */
function dimensions(
  [w, h]: [number, number],
  fixed: number,
  side: "long" | "short",
  round: (value: number) => number,
): { width: number; height: number } {
  const stretch = Math.max(w, h) / Math.min(w, h);
  let long = side === "long" ? fixed : round(fixed * stretch);
  let short = side === "long" ? round(fixed / stretch) : fixed;
  if (long > MAX_SIDE) {
    long = MAX_SIDE;
    short = round(MAX_SIDE / stretch);
  }
  return w >= h ? { width: long, height: short } : { width: short, height: long };
}

/** An image's size: `1K`/`2K`/`4K` fix the long side (SPEC §2; absent → 1K). */
function imageSize(model: GenerationCatalogEntry, input: Record<string, unknown>) {
  const long = IMAGE_LONG_SIDE[upper(input.resolution)] ?? DEFAULT_IMAGE_SIDE;
  return dimensions(ratioOf(model, input, [1, 1]), long, "long", (value) => Math.max(1, Math.round(value)));
}

/**
 * A video's size: `480p`/`720p`/`1080p` fix the short side (absent → 720p). Sides are even, as
 * H.264's 4:2:0 sampling needs (its frame cropping moves in steps of 2 pixels).
 */
function videoSize(model: GenerationCatalogEntry, input: Record<string, unknown>) {
  const short = VIDEO_SHORT_SIDE[upper(input.resolution)] ?? DEFAULT_VIDEO_SIDE;
  return dimensions(ratioOf(model, input, [16, 9]), short, "short", even);
}

/**
 * The output of a completed generation, on the base URL the client uses: images (as many as
 * `num_images`) or a video whose size and length follow the input; the pixels are fixed.
 */
export function sampleOutput(
  model: GenerationCatalogEntry,
  input: Record<string, unknown>,
  base: string,
): Record<string, unknown> {
  if (model.type === "image") {
    const { width, height } = imageSize(model, input);
    const count = typeof input.num_images === "number" ? input.num_images : 1;
    const image = {
      url: `${base}/media/image/${width}x${height}.webp`,
      original_url: `${base}/media/image/${width}x${height}.png`,
      width,
      height,
    };
    return { images: Array.from({ length: Math.max(1, count) }, () => ({ ...image })) };
  }
  const { width, height } = videoSize(model, input);
  const duration =
    typeof input.duration === "number" && Number.isFinite(input.duration) && input.duration > 0
      ? input.duration
      : DEFAULT_SECONDS;
  // The file holds whole seconds (the catalog's durations are integers), within the bound.
  const seconds = Math.min(MAX_SECONDS, Math.max(1, Math.round(duration)));
  // One file for both: a video's optimised rendition would be the same MP4.
  const url = `${base}/media/video/${width}x${height}-${seconds}s.mp4`;
  return { video: { url, original_url: url, width, height, duration } };
}

/** A generated file served under `/media/…`. */
interface MediaFile {
  contentType: string;
  bytes: Uint8Array;
}

/** A side as written in a path: a canonical decimal (no sign, no leading zero) within the bound. */
function side(text: string): number | undefined {
  if (!/^[1-9]\d{0,4}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= MAX_SIDE ? value : undefined;
}

/** Builds the file a path names, or undefined when the path is not a canonical media path. */
function generate(kind: string, file: string): MediaFile | undefined {
  if (kind === "image") {
    const match = /^(\d+)x(\d+)\.(png|webp)$/.exec(file);
    const width = side(match?.[1] ?? "");
    const height = side(match?.[2] ?? "");
    if (!match || width === undefined || height === undefined) return undefined;
    return match[3] === "png"
      ? { contentType: "image/png", bytes: solidPng(width, height, IMAGE_RGB) }
      : { contentType: "image/webp", bytes: solidWebp(width, height, IMAGE_RGB) };
  }
  if (kind === "video") {
    const match = /^(\d+)x(\d+)-([1-9]\d?)s\.mp4$/.exec(file);
    const width = side(match?.[1] ?? "");
    const height = side(match?.[2] ?? "");
    const seconds = Number(match?.[3]);
    if (!match || width === undefined || height === undefined || seconds > MAX_SECONDS) return undefined;
    if (width % 2 !== 0 || height % 2 !== 0) return undefined;
    return { contentType: "video/mp4", bytes: greyMp4(width, height, seconds) };
  }
  return undefined;
}

/** Recently served files by path; a Map iterates in insertion order, so its first key is the oldest. */
const cache = new Map<string, MediaFile>();

/** The file at `/media/{kind}/{file}` (`image`, `1024x576.webp`), or undefined (a 404). */
export function findMedia(kind: string, file: string): MediaFile | undefined {
  const key = `${kind}/${file}`;
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const made = generate(kind, file);
  if (!made) return undefined;
  cache.set(key, made);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return made;
}
