/** One input field of a model's `input_schema` (a field map, not JSON Schema; SPEC §2). */
export interface InputField {
  type: "string" | "integer" | "number" | "boolean" | "array";
  required: boolean;
  enum?: readonly (string | number)[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  description?: string;
}

/** Pricing of a generation model: `cost = round(credits_base × Π multipliers[field][value])`. */
export interface ModelPricing {
  /** The cost of the default input. */
  credits: number;
  credits_base: number;
  multipliers: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** A generation model exactly as the wire ModelDetail (`GET /v1/models/{model}`). */
export interface GenerationCatalogEntry {
  /** The slug again, so that OpenAI-style clients find an `id` on every entry (SPEC v3 §2). */
  id: string;
  object: "model";
  slug: string;
  type: "image" | "video" | "audio";
  name: string;
  capabilities: readonly string[];
  pricing: ModelPricing;
  input_schema: Readonly<Record<string, InputField>>;
}

/** An OpenRouter-shaped text (LLM) model, in the shape of Clipia's own fixture (no `slug`, no `type`). */
export interface TextCatalogEntry {
  /** The `model` string for chat, e.g. `claude-opus-4-8`. */
  id: string;
  canonical_slug: string;
  object: "model";
  name: string;
  created: number;
  owned_by: string;
  description: string;
  context_length: number;
  architecture: {
    modality: string;
    input_modalities: readonly string[];
    output_modalities: readonly string[];
    tokenizer: string;
  };
  /** Decimal strings, per token. */
  pricing: { prompt: string; completion: string };
  top_provider: { context_length: number; max_completion_tokens: number; is_moderated: boolean };
  supported_parameters: readonly string[];
  per_request_limits: null;
}

/** A model of the embedded catalog: a generation model or a text model. */
export type CatalogEntry = GenerationCatalogEntry | TextCatalogEntry;
