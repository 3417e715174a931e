import { ByteWriter, LsbBitWriter, concat } from "./media-bits.js";

// A solid-colour PNG of any size, built synchronously. The image is one palette entry at bit depth
// 1, so every scanline (filter byte 0, then ⌈width / 8⌉ bytes of index 0) is zeros and the whole
// IDAT stream is `height × (1 + ⌈width / 8⌉)` zero bytes. A hand-written fixed-Huffman deflate of
// a run of zeros is a dozen lines, keeps generation synchronous (CompressionStream would make the
// file a promise, for bytes this regular) and gives the same bytes on every platform.

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = new ByteWriter().ascii(type).raw(data).done();
  return new ByteWriter().u32(data.length).raw(typed).u32(crc32(typed)).done();
}

// RFC 1951 §3.2.5: the length symbols 257…285, their base lengths and extra bits.
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

/** A literal/length symbol in the fixed Huffman code (RFC 1951 §3.2.6). */
function fixedSymbol(out: LsbBitWriter, symbol: number): void {
  if (symbol < 144) out.code(0x30 + symbol, 8);
  else if (symbol < 256) out.code(0x190 + symbol - 144, 9);
  else if (symbol < 280) out.code(symbol - 256, 7);
  else out.code(0xc0 + symbol - 280, 8);
}

/** A back-reference of `length` (3…258) at distance 1: "repeat the previous byte". */
function repeatPrevious(out: LsbBitWriter, length: number): void {
  let index = LENGTH_BASE.length - 1;
  while (LENGTH_BASE[index]! > length) index--;
  fixedSymbol(out, 257 + index);
  out.bits(length - LENGTH_BASE[index]!, LENGTH_EXTRA[index]!);
  out.code(0, 5); // distance code 0 = distance 1, no extra bits
}

/** A zlib stream (RFC 1950) of `count` zero bytes: one literal zero, then repeats of it. */
function zlibZeros(count: number): Uint8Array {
  const out = new LsbBitWriter();
  out.bits(1, 1); // BFINAL
  out.bits(1, 2); // BTYPE 01: fixed Huffman codes
  let left = count;
  if (left > 0) {
    fixedSymbol(out, 0);
    left--;
  }
  while (left >= 3) {
    const length = Math.min(258, left);
    repeatPrevious(out, length);
    left -= length;
  }
  for (; left > 0; left--) fixedSymbol(out, 0);
  fixedSymbol(out, 256); // end of block
  // Adler-32 of zeros: s1 stays 1 and s2 gains 1 per byte.
  const adler = (((count % 65521) << 16) | 1) >>> 0;
  return concat([Uint8Array.of(0x78, 0x01), out.finish(), new ByteWriter().u32(adler).done()]);
}

/** A `width × height` PNG filled with `rgb` (a 24-bit colour). */
export function solidPng(width: number, height: number, rgb: number): Uint8Array {
  const header = new ByteWriter()
    .u32(width)
    .u32(height)
    .u8(1) // bit depth
    .u8(3) // colour type: palette
    .u8(0) // compression: deflate
    .u8(0) // filter method
    .u8(0) // no interlace
    .done();
  const palette = Uint8Array.of(rgb >>> 16, (rgb >>> 8) & 0xff, rgb & 0xff);
  const rowBytes = 1 + Math.ceil(width / 8);
  return concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("PLTE", palette),
    chunk("IDAT", zlibZeros(rowBytes * height)),
    chunk("IEND", new Uint8Array()),
  ]);
}
