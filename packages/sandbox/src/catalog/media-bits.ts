// The bit writers the generated media need: deflate and WebP lossless pack bits from the least
// significant end of each byte, H.264 from the most significant end (with exp-Golomb codes).

/** A growable byte buffer. */
class Bytes {
  private buffer = new Uint8Array(256);
  length = 0;

  push(byte: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = byte;
  }

  done(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** Packs bits LSB first (RFC 1951 deflate, WebP lossless). */
export class LsbBitWriter {
  private readonly bytes = new Bytes();
  private current = 0;
  private used = 0;

  /** Writes the low `count` bits of `value`, least significant first. */
  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      this.current |= ((value >>> i) & 1) << this.used;
      if (++this.used === 8) this.flushByte();
    }
  }

  /** Writes a Huffman code of `length` bits: deflate sends those from the most significant bit. */
  code(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bits((value >>> i) & 1, 1);
  }

  /** The bytes, the last one padded with zero bits. */
  finish(): Uint8Array {
    if (this.used > 0) this.flushByte();
    return this.bytes.done();
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    this.current = 0;
    this.used = 0;
  }
}

/** Packs bits MSB first, with the exp-Golomb codes of H.264 (ITU-T H.264 §7.2, §9.1). */
export class MsbBitWriter {
  private readonly bytes = new Bytes();
  private current = 0;
  private used = 0;

  /** `u(n)`: the low `count` bits of `value`, most significant first. */
  u(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) {
      this.current = (this.current << 1) | (Math.floor(value / 2 ** i) & 1);
      if (++this.used === 8) {
        this.bytes.push(this.current);
        this.current = 0;
        this.used = 0;
      }
    }
  }

  /** `ue(v)`: unsigned exp-Golomb. */
  ue(value: number): void {
    const coded = value + 1;
    const length = Math.floor(Math.log2(coded)) + 1;
    this.u(0, length - 1);
    this.u(coded, length);
  }

  /** `se(v)`: signed exp-Golomb (positive values first: 1 → 1, −1 → 2). */
  se(value: number): void {
    this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** `rbsp_trailing_bits()`: a stop bit, then zeros to the byte boundary; returns the RBSP. */
  finishRbsp(): Uint8Array {
    this.u(1, 1);
    while (this.used !== 0) this.u(0, 1);
    return this.bytes.done();
  }
}

/** A byte writer for container headers: big-endian (PNG chunks, MP4 boxes) unless named `le`. */
export class ByteWriter {
  private readonly bytes = new Bytes();

  u8(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }

  u16(value: number): this {
    return this.u8(value >>> 8).u8(value);
  }

  u32(value: number): this {
    return this.u16(Math.floor(value / 0x10000) & 0xffff).u16(value & 0xffff);
  }

  /** Little-endian, for RIFF (WebP). */
  u32le(value: number): this {
    return this.u8(value)
      .u8(value >>> 8)
      .u8(value >>> 16)
      .u8(value >>> 24);
  }

  /** Four ASCII characters (a box or chunk type). */
  ascii(text: string): this {
    for (const char of text) this.u8(char.charCodeAt(0));
    return this;
  }

  raw(data: Uint8Array): this {
    for (const byte of data) this.bytes.push(byte);
    return this;
  }

  done(): Uint8Array {
    return this.bytes.done();
  }
}

/** Joins byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
