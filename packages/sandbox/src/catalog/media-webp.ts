import { ByteWriter, LsbBitWriter, concat } from "./media-bits.js";

// A solid-colour lossless WebP (VP8L, "WebP Lossless Bitstream Specification", RFC 9649 §3). With
// no transform, no colour cache and one prefix-code group whose five codes are each a "simple
// code" of a single symbol, every pixel costs zero bits: the file is the header and those codes.

/** A `width × height` (each 1…16384) lossless WebP filled with `rgb` (a 24-bit colour), opaque. */
export function solidWebp(width: number, height: number, rgb: number): Uint8Array {
  const bits = new LsbBitWriter();
  bits.bits(0x2f, 8); // VP8L signature
  bits.bits(width - 1, 14);
  bits.bits(height - 1, 14);
  bits.bits(0, 1); // alpha_is_used: a hint; the alpha code below is 255 everywhere
  bits.bits(0, 3); // version 0
  bits.bits(0, 1); // no transform
  bits.bits(0, 1); // no colour cache
  bits.bits(0, 1); // no meta prefix codes: one group for the whole image
  const green = (rgb >>> 8) & 0xff;
  const red = rgb >>> 16;
  const blue = rgb & 0xff;
  // The group's codes in order: green (+ lengths), red, blue, alpha, distance.
  for (const symbol of [green, red, blue, 255, 0]) {
    bits.bits(1, 1); // simple code
    bits.bits(0, 1); // one symbol
    bits.bits(1, 1); // the symbol takes 8 bits
    bits.bits(symbol, 8);
  }
  const data = bits.finish();
  const padded = data.length % 2 === 1 ? concat([data, Uint8Array.of(0)]) : data;
  const riff = new ByteWriter()
    .ascii("RIFF")
    .u32le(4 + 8 + padded.length)
    .ascii("WEBP")
    .ascii("VP8L")
    .u32le(data.length)
    .done();
  return concat([riff, padded]);
}
