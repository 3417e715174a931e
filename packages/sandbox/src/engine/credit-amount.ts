// Credit amounts: whole numbers for generations, fractional once chat is used (SPEC v3 §2.2).

/** Decimals a credit amount keeps (SPEC v3 §2.2 D: "fractional, kept to 6 decimals"). */
const CREDIT_DECIMALS = 6;

const SCALE = 10 ** CREDIT_DECIMALS;

/**
 * `value` rounded to 6 decimals: applied wherever amounts are summed or subtracted, so binary
 * floating point never shows (0.1 + 0.2 is 0.3, not 0.30000000000000004) and a balance never
 * drifts from the sum of its charges.
 */
export function roundCredits(value: number): number {
  const rounded = Math.round(value * SCALE) / SCALE;
  // -0 reads as 0 on the wire anyway; keep it out of comparisons too.
  return rounded === 0 ? 0 : rounded;
}
