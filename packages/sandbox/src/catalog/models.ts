import type { CatalogEntry, GenerationCatalogEntry, InputField, ModelPricing, TextCatalogEntry } from "./types.js";

// Slugs, fields and prices follow every Clipia source of shared/clipia-api.md (§A.1, §H, §N): the
// official clients' READMEs and types, the docs pages, the MCP tools and Clipia's own OpenMontage
// tools. Where they disagree on a field's values the union is accepted (SPEC v3 §2, input policy);
// docs/behaviour-choices.md has the table of each field, its values and their sources. Prices are
// the documented defaults; resolutions and durations move them through multipliers, so
// estimate == charge.

const prompt = (required: boolean): InputField => ({ type: "string", required, description: "What to generate." });
const negativePrompt: InputField = { type: "string", required: false, description: "What to keep out of the image." };
const seed: InputField = {
  type: "integer",
  required: false,
  minimum: 0,
  maximum: 2_147_483_647,
  description: "Fixes the random seed.",
};
const imageUrl = (required: boolean, description: string): InputField => ({ type: "string", required, description });
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
const imageResolution: InputField = {
  type: "string",
  required: false,
  enum: ["1K", "2K", "4K"],
  default: "1K",
  description: "Long side 1024, 2048 or 4096 px; any letter case.",
};
const videoAspect: InputField = { type: "string", required: false, enum: ["16:9", "9:16", "1:1"], default: "16:9" };
const duration: InputField = {
  type: "integer",
  required: false,
  default: 5,
  minimum: 4,
  maximum: 15,
  description: "Length in seconds.",
};
const videoResolution: InputField = {
  type: "string",
  required: false,
  enum: ["480p", "720p", "1080p"],
  default: "720p",
  description: "Short side 480, 720 or 1080 px; any letter case.",
};
const generateAudio: InputField = {
  type: "boolean",
  required: false,
  default: false,
  description: "Adds a soundtrack.",
};

const PER_IMAGE = { "1": 1, "2": 2, "3": 3, "4": 4 };
/** Per-second models: the price of 5 seconds scales with the length (4 s = ×0.8 … 15 s = ×3). */
const PER_SECOND: Record<string, number> = Object.fromEntries(
  Array.from({ length: (duration.maximum ?? 15) - (duration.minimum ?? 4) + 1 }, (_, index) => {
    const seconds = (duration.minimum ?? 4) + index;
    return [String(seconds), seconds / 5];
  }),
);
/** Video resolutions: 480p ×0.6 (seedance's 28 of 47 credits), 1080p ×1.5 (no source: D). */
const VIDEO_RESOLUTION = { "480p": 0.6, "720p": 1, "1080p": 1.5 };

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
  const input_schema: Record<string, InputField> = {
    prompt: prompt(true),
    negative_prompt: negativePrompt,
    image_url: imageUrl(false, "Input image URL, for image-to-image."),
    image_urls: imageUrls,
    aspect_ratio: imageAspect,
    resolution: imageResolution,
    num_images: numImages,
    seed,
  };
  const multipliers: Record<string, Record<string, number>> = resolution
    ? { resolution, num_images: PER_IMAGE }
    : { num_images: PER_IMAGE };
  return {
    id: slug,
    object: "model",
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
  options: { imageUrl: "required" | "optional" | "none"; perSecond: boolean },
): GenerationCatalogEntry {
  const input_schema: Record<string, InputField> = {
    // A prompt is required except where a Clipia source sends none: the Python README's
    // image-to-video call is `{image_url, duration}` alone.
    prompt: prompt(options.imageUrl !== "required"),
  };
  if (options.imageUrl !== "none") {
    input_schema.image_url = imageUrl(options.imageUrl === "required", "URL of the start frame.");
  }
  input_schema.aspect_ratio = videoAspect;
  input_schema.duration = duration;
  input_schema.resolution = videoResolution;
  input_schema.generate_audio = generateAudio;
  input_schema.seed = seed;
  // Fixed-price models (Sora) take a duration and a resolution too (Clipia's tools send them to
  // any video model) without a price change.
  const multipliers: Record<string, Record<string, number>> = options.perSecond
    ? { duration: PER_SECOND, resolution: VIDEO_RESOLUTION }
    : {};
  return {
    id: slug,
    object: "model",
    slug,
    type: "video",
    name,
    capabilities,
    pricing: pricing(base, multipliers, input_schema),
    input_schema,
  };
}

function text(
  id: string,
  canonical: string,
  name: string,
  context: number,
  prices: [string, string],
  tokenizer: string,
): TextCatalogEntry {
  return {
    id,
    canonical_slug: canonical,
    object: "model",
    name,
    created: 1_782_200_000,
    owned_by: "clipia",
    description: `${name} through the Clipia AI Gateway (POST /v1/chat/completions).`,
    context_length: context,
    architecture: {
      modality: "text+image->text",
      input_modalities: ["text", "image"],
      output_modalities: ["text"],
      tokenizer,
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
 * The embedded catalog (SPEC §5.2): ten generation models with the real slugs, input schemas and
 * prices, and three OpenRouter-shaped text models. Entries are exactly the wire ModelDetail.
 *
 * @example
 * ```ts
 * import { CATALOG } from "@clipia/sandbox";
 * CATALOG.find((m) => m.id === "seedance-2-fast-t2v")?.pricing; // {credits: 47, credits_base: 47, multipliers: {...}}
 * ```
 */
export const CATALOG: readonly CatalogEntry[] = [
  image("nano-banana-2", "Nano Banana 2", 4, { "1K": 1, "2K": 1, "4K": 1.5 }),
  image("nano-banana-pro", "Nano Banana Pro", 5, { "1K": 1, "2K": 1.2, "4K": 1.4 }),
  image("flux-2-pro", "FLUX.2 Pro", 3, null),
  image("gpt-image-2", "GPT Image 2", 3, { "1K": 1, "2K": 1.67, "4K": 2.34 }),
  video("seedance-2-fast-t2v", "Seedance 2 Fast (text-to-video)", ["text-to-video"], 47, {
    imageUrl: "none",
    perSecond: true,
  }),
  video("seedance-2-fast-i2v", "Seedance 2 Fast (image-to-video)", ["image-to-video"], 47, {
    imageUrl: "required",
    perSecond: true,
  }),
  video("kling-3", "Kling 3", ["text-to-video", "image-to-video"], 36, { imageUrl: "optional", perSecond: true }),
  video("wan-2-7", "Wan 2.7", ["text-to-video", "image-to-video"], 24, { imageUrl: "optional", perSecond: true }),
  video("sora-2", "Sora 2", ["text-to-video"], 17, { imageUrl: "none", perSecond: false }),
  video("sora-2-pro", "Sora 2 Pro", ["text-to-video"], 28, { imageUrl: "none", perSecond: false }),
  text("claude-opus-4-8", "anthropic/claude-opus-4.8", "Claude Opus 4.8", 200_000, ["0.0004", "0.002"], "Claude"),
  text("gpt-5.5", "openai/gpt-5.5", "GPT-5.5", 400_000, ["0.0004", "0.0024"], "GPT"),
  text(
    "claude-sonnet-4-6",
    "anthropic/claude-sonnet-4.6",
    "Claude Sonnet 4.6",
    200_000,
    ["0.00024", "0.0012"],
    "Claude",
  ),
];

const BY_ID = new Map(CATALOG.map((entry) => [entry.id, entry]));

/** The catalog entry with this id (a generation model's slug, a text model's id), or undefined. */
export function findModel(id: string): CatalogEntry | undefined {
  return BY_ID.get(id);
}

/**
 * The entry a chat request's `model` names: any entry by its id, or a text model by its
 * `canonical_slug` (SPEC v3 §2.2: "a text model's id or slug"). Undefined when none.
 */
export function findChatModel(name: string): CatalogEntry | undefined {
  return findModel(name) ?? CATALOG.find((entry) => isTextModel(entry) && entry.canonical_slug === name);
}

/** Whether an entry is a generation model (image, video, audio) rather than a text model. */
export function isGenerationModel(entry: CatalogEntry): entry is GenerationCatalogEntry {
  return "input_schema" in entry;
}

/** Whether an entry is an OpenRouter-shaped text model (for `/v1/chat/completions`). */
export function isTextModel(entry: CatalogEntry): entry is TextCatalogEntry {
  return !isGenerationModel(entry);
}
