import type { GenerationCatalogEntry } from "../catalog/types.js";

/**
 * The cost of an input (SPEC §2 D): `round(credits_base × Π multipliers[field][value])`, each field
 * at its default when absent. The same function prices `estimate` and the charge at submit.
 */
export function priceOf(model: GenerationCatalogEntry, input: Record<string, unknown>): number {
  let factor = 1;
  for (const [field, table] of Object.entries(model.pricing.multipliers)) {
    const value = (Object.hasOwn(input, field) ? input[field] : undefined) ?? model.input_schema[field]?.default;
    // Own keys only: a value such as "constructor" must not price by an inherited member.
    const multiplier = Object.hasOwn(table, String(value)) ? table[String(value)] : undefined;
    factor *= multiplier ?? 1;
  }
  return Math.round(model.pricing.credits_base * factor);
}
