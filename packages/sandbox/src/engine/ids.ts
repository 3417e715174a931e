import { createPrng, deriveBase62 } from "./prng.js";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A UUID v4 derived from `seed`, `label` and `counter`: random-looking, but the same every run. */
export function deriveUuid(seed: string, label: string, counter: number): string {
  const next = createPrng(`${seed}\u0000uuid:${label}\u0000${counter}`);
  const bytes: number[] = [];
  for (let i = 0; i < 4; i++) {
    const word = next();
    bytes.push(word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff);
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.map((byte) => HEX[byte] as string).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A prefixed id such as `key_…` or `acc_…`: the prefix and 20 base62 characters from the seed. */
export function deriveId(seed: string, prefix: string, counter: number): string {
  return `${prefix}_${deriveBase62(seed, `id:${prefix}`, counter, 20)}`;
}

/** `length` lower-case hex digits derived from `seed`, `label` and `counter`. */
export function deriveHex(seed: string, label: string, counter: number, length: number): string {
  const next = createPrng(`${seed}\u0000hex:${label}\u0000${counter}`);
  let hex = "";
  while (hex.length < length) hex += next().toString(16).padStart(8, "0");
  return hex.slice(0, length);
}
