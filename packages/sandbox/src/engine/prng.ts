import { BASE62_ALPHABET } from "./base62.js";

// Everything random in the sandbox derives from (seed, label, counter) so that the same seed and
// the same requests give the same keys, secrets and outputs, and a snapshot only needs counters.
// Request and delivery ids do too only with `deterministic: true` (engine/store.ts).

/** cyrb128: a fast 128-bit string hash, used to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A seeded sfc32 generator of unsigned 32-bit integers. */
export function createPrng(seedText: string): () => number {
  let [a, b, c, d] = cyrb128(seedText);
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

// Largest multiple of 62 below 2^32: rejection sampling keeps the characters unbiased.
const LIMIT = Math.floor(0x100000000 / 62) * 62;

/** `length` base62 characters derived from `seed`, `label` and `counter`. */
export function deriveBase62(seed: string, label: string, counter: number, length: number): string {
  const next = createPrng(`${seed}\u0000${label}\u0000${counter}`);
  let out = "";
  while (out.length < length) {
    const value = next();
    if (value < LIMIT) out += BASE62_ALPHABET[value % 62];
  }
  return out;
}
