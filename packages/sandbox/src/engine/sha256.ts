// A small synchronous SHA-256 (FIPS 180-4). `createSandbox` is synchronous and must hash the
// default keys, and WebCrypto's digest is async-only, hence this.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

// Hoisted: this runs on every authenticated request, and allocation was most of its cost. The
// message is padded in a scratch buffer reused across calls (grown for a longer one), read as
// big-endian words by hand (no DataView), and the state kept in locals (no typed-array
// destructuring, which goes through the iterator protocol).
const encoder = new TextEncoder();
const w = new Uint32Array(64);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
// Kept for messages up to this size (keys, idempotency fingerprints of ordinary bodies); a
// longer one gets a buffer of its own, so a 1 MiB body does not stay allocated.
const KEPT_SCRATCH_BYTES = 64 * 1024;
let scratch = new Uint8Array(256);

/** A buffer with room for `length` message bytes and their padding. */
function bufferFor(length: number): Uint8Array {
  const needed = paddedLength(length);
  if (needed <= scratch.length) return scratch;
  const buffer = new Uint8Array(needed);
  if (needed <= KEPT_SCRATCH_BYTES) scratch = buffer;
  return buffer;
}

/** The message length rounded up to whole 64-byte blocks, with room for the 0x80 and the 8-byte length. */
function paddedLength(length: number): number {
  return Math.ceil((length + 9) / 64) * 64;
}

/** The UTF-8 bytes of `text` at the start of a buffer with room for the padding. */
function utf8(text: string): { bytes: Uint8Array; length: number } {
  // Keys are ASCII: copying char codes is several times cheaper than TextEncoder for them.
  const bytes = bufferFor(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) {
      const encoded = encoder.encode(text);
      const buffer = bufferFor(encoded.length);
      buffer.set(encoded);
      return { bytes: buffer, length: encoded.length };
    }
    bytes[i] = code;
  }
  return { bytes, length: text.length };
}

const hexWord = (x: number) =>
  (HEX[x >>> 24] as string) +
  (HEX[(x >>> 16) & 0xff] as string) +
  (HEX[(x >>> 8) & 0xff] as string) +
  (HEX[x & 0xff] as string);

/** SHA-256 of the UTF-8 bytes of `text`, as lower-case hex. */
export function sha256Hex(text: string): string {
  const { bytes, length } = utf8(text);
  const padded = paddedLength(length);
  bytes[length] = 0x80;
  bytes.fill(0, length + 1, padded - 8);
  // The bit length, big-endian in the last 8 bytes (the high word: lengths past 512 MiB).
  const high = Math.floor(length / 0x20000000);
  const low = (length * 8) >>> 0;
  bytes[padded - 8] = high >>> 24;
  bytes[padded - 7] = (high >>> 16) & 0xff;
  bytes[padded - 6] = (high >>> 8) & 0xff;
  bytes[padded - 5] = high & 0xff;
  bytes[padded - 4] = low >>> 24;
  bytes[padded - 3] = (low >>> 16) & 0xff;
  bytes[padded - 2] = (low >>> 8) & 0xff;
  bytes[padded - 1] = low & 0xff;

  let h0 = 0x6a09e667;
  let h1 = 0xbb67ae85;
  let h2 = 0x3c6ef372;
  let h3 = 0xa54ff53a;
  let h4 = 0x510e527f;
  let h5 = 0x9b05688c;
  let h6 = 0x1f83d9ab;
  let h7 = 0x5be0cd19;
  for (let offset = 0; offset < padded; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const at = offset + i * 4;
      w[i] =
        ((bytes[at] as number) << 24) |
        ((bytes[at + 1] as number) << 16) |
        ((bytes[at + 2] as number) << 8) |
        (bytes[at + 3] as number);
    }
    for (let i = 16; i < 64; i++) {
      const w15 = w[i - 15] as number;
      const w2 = w[i - 2] as number;
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) >>> 0;
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let hh = h7;
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + ch + (K[i] as number) + (w[i] as number)) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
    h5 = (h5 + f) >>> 0;
    h6 = (h6 + g) >>> 0;
    h7 = (h7 + hh) >>> 0;
  }
  return hexWord(h0) + hexWord(h1) + hexWord(h2) + hexWord(h3) + hexWord(h4) + hexWord(h5) + hexWord(h6) + hexWord(h7);
}

/** Compares two strings in time that depends only on their length. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
