import type { GenerationCatalogEntry, InputField } from "../catalog/types.js";
import { ApiError } from "../http/errors.js";

const invalid = (message: string) => new ApiError(422, "model_input_invalid", message);

function typeMatches(field: InputField, value: unknown): boolean {
  switch (field.type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
  }
}

const article = (type: string) => (type === "integer" || type === "array" ? `an ${type}` : `a ${type}`);

/**
 * Checks `input` against the model's field map (SPEC §2): unknown field, missing required field,
 * wrong type, value outside `enum` or the bounds → 422 `model_input_invalid` naming the field.
 * Returns a copy with the defaults filled in.
 */
export function validateInput(model: GenerationCatalogEntry, input: Record<string, unknown>): Record<string, unknown> {
  // Own properties only: `in` would also find what every object inherits (`constructor`,
  // `toString`, `__proto__`), letting those names pass as fields.
  for (const name of Object.keys(input)) {
    if (!Object.hasOwn(model.input_schema, name)) {
      throw invalid(
        `input.${name.slice(0, 64)} is not a field of ${model.slug}; its fields are ${Object.keys(model.input_schema).join(", ")}.`,
      );
    }
  }
  const result: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(model.input_schema)) {
    const value = Object.hasOwn(input, name) ? input[name] : undefined;
    if (value === undefined || value === null) {
      if (field.required) throw invalid(`input.${name} is required by ${model.slug}.`);
      if (field.default !== undefined) result[name] = field.default;
      continue;
    }
    if (!typeMatches(field, value)) {
      throw invalid(`input.${name} must be ${article(field.type)}${field.type === "array" ? " of strings" : ""}.`);
    }
    if (field.type === "string" && field.required && (value as string).trim() === "") {
      throw invalid(`input.${name} must not be empty.`);
    }
    if (field.enum && !field.enum.includes(value as string | number)) {
      throw invalid(`input.${name} must be one of ${field.enum.map((v) => JSON.stringify(v)).join(", ")}.`);
    }
    if (typeof value === "number") {
      if (field.minimum !== undefined && value < field.minimum)
        throw invalid(`input.${name} must be at least ${field.minimum}.`);
      if (field.maximum !== undefined && value > field.maximum)
        throw invalid(`input.${name} must be at most ${field.maximum}.`);
    }
    if (Array.isArray(value) && value.length > 4) throw invalid(`input.${name} takes at most 4 items.`);
    result[name] = value;
  }
  return result;
}
