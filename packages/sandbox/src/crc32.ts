// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum zlib computes. Written here
// because the core must run without `node:zlib`.
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const encoder = new TextEncoder();

/** CRC-32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function crc32(text: string): number {
  // Runs on every authenticated request (the key's checksum): ASCII, the only case for a
  // well-formed key, is hashed straight from the char codes.
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return crc32Bytes(encoder.encode(text));
    crc = (TABLE[(crc ^ code) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function crc32Bytes(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
