import type { CatalogEntry, GenerationCatalogEntry, InputField, ModelPricing, TextCatalogEntry } from "./types.js";

// Slugs, fields and prices follow shared/clipia-api.md §A.1 and §H. Prices are the documented
// defaults; resolutions and durations move them through multipliers, so estimate == charge.

const prompt: InputField = { type: "string", required: true, description: "What to generate." };
const seed: InputField = {
  type: "integer",
  required: false,
  minimum: 0,
  maximum: 2_147_483_647,
  description: "Fixes the random seed.",
};
const imageUrls: InputField = {
  type: "array",
  required: false,
  description: "Up to 4 reference image URLs (strings).",
};
const numImages: InputField = {
  type: "integer",
  required: false,
  default: 1,
  minimum: 1,
  maximum: 4,
  description: "How many images.",
};
const imageAspect: InputField = {
  type: "string",
  required: false,
  enum: ["1:1", "16:9", "9:16", "4:3", "3:4"],
  default: "1:1",
};
const imageResolution: InputField = { type: "string", required: false, enum: ["1K", "2K", "4K"], default: "1K" };
const videoAspect: InputField = { type: "string", required: false, enum: ["16:9", "9:16", "1:1"], default: "16:9" };
const duration: InputField = {
  type: "integer",
  required: false,
  enum: [5, 10],
  default: 5,
  description: "Length in seconds.",
};
const generateAudio: InputField = {
  type: "boolean",
  required: false,
  default: false,
  description: "Adds a soundtrack.",
};
const startFrame = (required: boolean): InputField => ({
  type: "string",
  required,
  description: "URL of the start frame.",
});
const videoResolution = (values: string[], fallback: string): InputField => ({
  type: "string",
  required: false,
  enum: values,
  default: fallback,
});

const PER_IMAGE = { "1": 1, "2": 2, "3": 3, "4": 4 };
const PER_FIVE_SECONDS = { "5": 1, "10": 2 };

/** Pricing with `credits` computed from the base and the defaults, so the two never disagree. */
function pricing(
  creditsBase: number,
  multipliers: ModelPricing["multipliers"],
  schema: Readonly<Record<string, InputField>>,
): ModelPricing {
  let factor = 1;
  for (const [field, table] of Object.entries(multipliers)) factor *= table[String(schema[field]?.default)] ?? 1;
  return { credits: Math.round(creditsBase * factor), credits_base: creditsBase, multipliers };
}

function image(
  slug: string,
  name: string,
  base: number,
  resolution: Record<string, number> | null,
): GenerationCatalogEntry {
  const input_schema: Record<string, InputField> = { prompt, image_urls: imageUrls, aspect_ratio: imageAspect };
  if (resolution) input_schema.resolution = imageResolution;
  input_schema.num_images = numImages;
  input_schema.seed = seed;
  const multipliers: Record<string, Record<string, number>> = resolution
    ? { resolution, num_images: PER_IMAGE }
    : { num_images: PER_IMAGE };
  return {
    slug,
    type: "image",
    name,
    capabilities: ["text-to-image", "image-to-image"],
    pricing: pricing(base, multipliers, input_schema),
    input_schema,
  };
}

function video(
  slug: string,
  name: string,
  capabilities: string[],
  base: number,
  options: { imageUrl: "required" | "optional" | "none"; resolutions: Record<string, number> | null; fallback: string },
): GenerationCatalogEntry {
  const input_schema: Record<string, InputField> = { prompt };
  if (options.imageUrl !== "none") input_schema.image_url = startFrame(options.imageUrl === "required");
  input_schema.aspect_ratio = videoAspect;
  const multipliers: Record<string, Record<string, number>> = {};
  if (options.resolutions) {
    input_schema.duration = duration;
    input_schema.resolution = videoResolution(Object.keys(options.resolutions), options.fallback);
    input_schema.generate_audio = generateAudio;
    multipliers.duration = PER_FIVE_SECONDS;
    multipliers.resolution = options.resolutions;
  }
  input_schema.seed = seed;
  return { slug, type: "video", name, capabilities, pricing: pricing(base, multipliers, input_schema), input_schema };
}

function text(
  id: string,
  canonical: string,
  name: string,
  owner: string,
  context: number,
  prices: [string, string],
): TextCatalogEntry {
  return {
    type: "text",
    slug: id,
    id,
    canonical_slug: canonical,
    object: "model",
    name,
    created: 1_767_225_600,
    owned_by: owner,
    description: `${name} through the Clipia AI Gateway (POST /v1/chat/completions).`,
    context_length: context,
    architecture: {
      modality: "text+image->text",
      input_modalities: ["text", "image"],
      output_modalities: ["text"],
      tokenizer: owner === "anthropic" ? "Claude" : "GPT",
    },
    pricing: { prompt: prices[0], completion: prices[1] },
    top_provider: { context_length: context, max_completion_tokens: 64_000, is_moderated: false },
    supported_parameters: [
      "tools",
      "tool_choice",
      "response_format",
      "temperature",
      "top_p",
      "max_tokens",
      "stop",
      "seed",
    ],
    per_request_limits: null,
  };
}

/**
 * The embedded catalog (SPEC §5.2): nine generation models with the real slugs, input schemas and
 * prices, and two OpenRouter-shaped text models. Generation entries are exactly the wire ModelDetail.
 *
 * @example
 * ```ts
 * import { CATALOG } from "@clipia/sandbox";
 * CATALOG.find((m) => m.slug === "seedance-2-fast-t2v")?.pricing; // {credits: 47, credits_base: 47, multipliers: {...}}
 * ```
 */
export const CATALOG: readonly CatalogEntry[] = [
  image("nano-banana-2", "Nano Banana 2", 4, { "1K": 1, "2K": 1.25, "4K": 1.5 }),
  image("nano-banana-pro", "Nano Banana Pro", 5, { "1K": 1, "2K": 1.2, "4K": 1.4 }),
  image("flux-2-pro", "FLUX.2 Pro", 3, null),
  image("gpt-image-2", "GPT Image 2", 3, { "1K": 1, "2K": 1.67, "4K": 2.34 }),
  video("seedance-2-fast-t2v", "Seedance 2 Fast (text-to-video)", ["text-to-video"], 47, {
    imageUrl: "none",
    resolutions: { "480p": 0.6, "720p": 1 },
    fallback: "720p",
  }),
  video("seedance-2-fast-i2v", "Seedance 2 Fast (image-to-video)", ["image-to-video"], 47, {
    imageUrl: "required",
    resolutions: { "480p": 0.6, "720p": 1 },
    fallback: "720p",
  }),
  video("kling-3", "Kling 3", ["text-to-video", "image-to-video"], 36, {
    imageUrl: "optional",
    resolutions: { "720p": 1, "1080p": 1.5 },
    fallback: "720p",
  }),
  video("wan-2-7", "Wan 2.7", ["text-to-video", "image-to-video"], 24, {
    imageUrl: "optional",
    resolutions: { "720p": 1, "1080p": 1.5 },
    fallback: "720p",
  }),
  video("sora-2", "Sora 2", ["text-to-video"], 17, { imageUrl: "none", resolutions: null, fallback: "720p" }),
  text("claude-sonnet-4-6", "anthropic/claude-sonnet-4.6", "Claude Sonnet 4.6", "anthropic", 200_000, [
    "0.00024",
    "0.0012",
  ]),
  text("gpt-5.5", "openai/gpt-5.5", "GPT-5.5", "openai", 400_000, ["0.0004", "0.0024"]),
];

const BY_SLUG = new Map(CATALOG.map((entry) => [entry.slug, entry]));

/** The catalog entry with this slug, or undefined. */
export function findModel(slug: string): CatalogEntry | undefined {
  return BY_SLUG.get(slug);
}

/** Whether an entry is a generation model (image, video, audio) rather than a text model. */
export function isGenerationModel(entry: CatalogEntry): entry is GenerationCatalogEntry {
  return entry.type !== "text";
}
