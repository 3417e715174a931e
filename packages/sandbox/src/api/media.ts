import { findMedia } from "../catalog/media.js";
import { notFound } from "../http/errors.js";
import type { RouteContext, RouteResult } from "../engine/route-context.js";

/** `GET /media/{file}`: the sample assets outputs point to, so they download offline (no key needed). */
export function getMedia(context: RouteContext): RouteResult {
  const asset = findMedia(`/media/${context.params.file ?? ""}`);
  if (!asset) throw notFound("No such media file.");
  const bytes = asset.bytes();
  return {
    status: 200,
    raw: { contentType: asset.contentType, content: bytes },
    headers: { "content-length": String(bytes.byteLength), "cache-control": "public, max-age=86400" },
  };
}
