/** A model of the catalog, as stored (the wire Model adds `object` and `allowed`). */
export interface CatalogModel {
  id: string;
  name: string;
  description: string;
  type: "text-to-video" | "image-to-video" | "text-to-image";
  pricing: { unit: "generation" | "second"; credits: number };
  input_schema: Record<string, unknown>;
}

const prompt = { type: "string", minLength: 1, maxLength: 2000, description: "What to generate." };
const durationSeconds = {
  type: "integer",
  minimum: 1,
  maximum: 10,
  default: 5,
  description: "Length of the video in seconds.",
};
const aspectRatio = { type: "string", enum: ["16:9", "9:16", "1:1"], default: "16:9" };
const seed = { type: "integer", minimum: 0, description: "Fixes the random seed for a repeatable result." };

const textToVideoInput = {
  type: "object",
  properties: { prompt, duration_seconds: durationSeconds, aspect_ratio: aspectRatio, seed },
  required: ["prompt"],
  additionalProperties: false,
};

/**
 * The default catalog: four models with fixed ids, prices and input schemas.
 *
 * @example
 * ```ts
 * DEFAULT_CATALOG.map((model) => model.id);
 * // ["clipia-video-1", "clipia-video-1-fast", "clipia-video-1-i2v", "clipia-image-1"]
 * ```
 */
export const DEFAULT_CATALOG: readonly CatalogModel[] = [
  {
    id: "clipia-video-1",
    name: "Clipia Video 1",
    description: "Text-to-video at the highest quality.",
    type: "text-to-video",
    pricing: { unit: "second", credits: 10 },
    input_schema: textToVideoInput,
  },
  {
    id: "clipia-video-1-fast",
    name: "Clipia Video 1 Fast",
    description: "Text-to-video, faster and cheaper.",
    type: "text-to-video",
    pricing: { unit: "second", credits: 4 },
    input_schema: textToVideoInput,
  },
  {
    id: "clipia-video-1-i2v",
    name: "Clipia Video 1 Image-to-Video",
    description: "Animates an image into a video.",
    type: "image-to-video",
    pricing: { unit: "second", credits: 12 },
    input_schema: {
      type: "object",
      properties: {
        image_url: { type: "string", format: "uri", description: "The image to animate." },
        prompt: { type: "string", minLength: 0, maxLength: 2000, description: "How to animate it." },
        duration_seconds: durationSeconds,
        seed,
      },
      required: ["image_url"],
      additionalProperties: false,
    },
  },
  {
    id: "clipia-image-1",
    name: "Clipia Image 1",
    description: "Text-to-image.",
    type: "text-to-image",
    pricing: { unit: "generation", credits: 2 },
    input_schema: {
      type: "object",
      properties: { prompt, aspect_ratio: aspectRatio, seed },
      required: ["prompt"],
      additionalProperties: false,
    },
  },
];

/** Finds a model of the default catalog by id. */
export function findModel(id: string): CatalogModel | undefined {
  return DEFAULT_CATALOG.find((model) => model.id === id);
}

/** Credits a generation costs: `credits`, times `duration_seconds` (after defaults) per second. */
export function costOf(model: CatalogModel, input: Record<string, unknown>): number {
  if (model.pricing.unit === "generation") return model.pricing.credits;
  const duration = typeof input.duration_seconds === "number" ? input.duration_seconds : 5;
  return model.pricing.credits * duration;
}
