import type { GenerationCatalogEntry } from "../catalog/types.js";

/**
 * The cost of an input (SPEC §2 D): `round(credits_base × Π multipliers[field][value])`, each field
 * at its default when absent. The same function prices `estimate` and the charge at submit.
 */
export function priceOf(model: GenerationCatalogEntry, input: Record<string, unknown>): number {
  let factor = 1;
  for (const [field, table] of Object.entries(model.pricing.multipliers)) {
    const value = input[field] ?? model.input_schema[field]?.default;
    factor *= table[String(value)] ?? 1;
  }
  return Math.round(model.pricing.credits_base * factor);
}
