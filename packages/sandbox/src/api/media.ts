import { findMedia } from "../catalog/media.js";
import { notFound } from "../http/errors.js";
import type { RouteContext, RouteResult } from "../engine/route-context.js";

/**
 * `GET /media/{kind}/{file}`: the generated files outputs point to (`image/1024x576.webp`,
 * `video/1280x720-5s.mp4`), so they download offline (no key needed).
 */
export function getMedia(context: RouteContext): RouteResult {
  const file = findMedia(context.params.kind ?? "", context.params.file ?? "");
  if (!file) throw notFound("No such media file.");
  return {
    status: 200,
    raw: { contentType: file.contentType, content: file.bytes },
    headers: { "content-length": String(file.bytes.byteLength), "cache-control": "public, max-age=86400" },
  };
}
