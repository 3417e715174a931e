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

/** Warnings kept per request, so a body of thousands of unknown fields stores a bounded record. */
const MAX_WARNINGS = 16;

const article = (type: string) => (type === "integer" || type === "array" ? `an ${type}` : `a ${type}`);

/** The enum member a value stands for: itself, or for a string the member in another letter case. */
function enumMember(values: readonly (string | number)[], value: unknown): string | number | undefined {
  if (values.includes(value as string | number)) return value as string | number;
  if (typeof value !== "string") return undefined;
  const folded = value.toLowerCase();
  return values.find((member) => typeof member === "string" && member.toLowerCase() === folded);
}

/** A validated input: the fields of the model's schema with defaults filled in, and what was ignored. */
interface CheckedInput {
  input: Record<string, unknown>;
  /** One line per field the schema does not list (accepted and ignored, SPEC v3 §2). */
  warnings: string[];
}

/**
 * Checks `input` against the model's field map (SPEC v3 §2, "accept what Clipia accepts"): a
 * missing required field, a wrong type, a value outside `enum` or the bounds → 422
 * `model_input_invalid` naming the field. An enum value in another letter case is accepted and
 * echoed in the catalog's case. A field the schema does not list is ignored and reported as a
 * warning, or is a 422 when the account asks for `strict_inputs`.
 */
export function validateInput(
  model: GenerationCatalogEntry,
  input: Record<string, unknown>,
  options: { strict: boolean },
): CheckedInput {
  const warnings: string[] = [];
  let unlisted = 0;
  // Own properties only: `in` would also find what every object inherits (`constructor`,
  // `toString`, `__proto__`), letting those names pass as fields.
  for (const name of Object.keys(input)) {
    if (Object.hasOwn(model.input_schema, name)) continue;
    const shown = name.slice(0, 64);
    if (options.strict) {
      throw invalid(
        `input.${shown} is not a field of ${model.slug}; its fields are ${Object.keys(model.input_schema).join(", ")} (the account has strict_inputs on).`,
      );
    }
    unlisted += 1;
    if (unlisted <= MAX_WARNINGS) warnings.push(`input.${shown} is not a field of ${model.slug}; it was ignored.`);
  }
  if (unlisted > MAX_WARNINGS) {
    warnings.push(`${unlisted - MAX_WARNINGS} more fields that ${model.slug} does not list were ignored.`);
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
    let accepted = value;
    if (field.enum) {
      const member = enumMember(field.enum, value);
      if (member === undefined) {
        throw invalid(`input.${name} must be one of ${field.enum.map((v) => JSON.stringify(v)).join(", ")}.`);
      }
      accepted = member;
    }
    if (typeof value === "number") {
      if (field.minimum !== undefined && value < field.minimum)
        throw invalid(`input.${name} must be at least ${field.minimum}.`);
      if (field.maximum !== undefined && value > field.maximum)
        throw invalid(`input.${name} must be at most ${field.maximum}.`);
    }
    if (Array.isArray(value) && value.length > 4) throw invalid(`input.${name} takes at most 4 items.`);
    result[name] = accepted;
  }
  return { input: result, warnings };
}
