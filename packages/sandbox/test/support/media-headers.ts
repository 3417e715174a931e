import { crc32, inflateSync } from "node:zlib";

// Readers of what a media file states about itself, written from the formats' specifications and
// independent of the sandbox's writers: PNG (IHDR, the IDAT inflated with node:zlib), WebP
// lossless (the VP8L header) and MP4 (mvhd, tkhd, mdhd, stts, avc1 and the H.264 SPS in avcC).

const u32 = (bytes: Uint8Array, at: number) =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, false);
const u16 = (bytes: Uint8Array, at: number) =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(at, false);
const ascii = (bytes: Uint8Array, at: number, length = 4) => String.fromCharCode(...bytes.subarray(at, at + length));

export interface PngFacts {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** The inflated IDAT: its length and the number of scanlines it holds. */
  inflatedLength: number;
  rows: number;
  /** The palette's first colour, `#rrggbb`, for colour type 3. */
  colour: string | undefined;
}

export function readPng(bytes: Uint8Array): PngFacts {
  if (ascii(bytes, 1, 3) !== "PNG" || bytes[0] !== 0x89) throw new Error("not a PNG");
  let offset = 8;
  let header: Uint8Array | undefined;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (offset < bytes.length) {
    const length = u32(bytes, offset);
    const type = ascii(bytes, offset + 4);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = u32(bytes, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== crc) throw new Error(`bad CRC in ${type}`);
    if (type === "IHDR") header = data;
    if (type === "PLTE") palette = data;
    if (type === "IDAT") idat.push(data);
    if (type === "IEND") ended = true;
    offset += 12 + length;
  }
  if (!header || !ended) throw new Error("no IHDR or IEND");
  const width = u32(header, 0);
  const height = u32(header, 4);
  const bitDepth = header[8]!;
  const colourType = header[9]!;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colourType] ?? 0;
  const rowBytes = 1 + Math.ceil((width * channels * bitDepth) / 8);
  const inflated = inflateSync(Buffer.concat(idat));
  const colour = palette
    ? `#${Array.from(palette.subarray(0, 3), (b) => b.toString(16).padStart(2, "0")).join("")}`
    : undefined;
  return {
    width,
    height,
    bitDepth,
    colourType,
    inflatedLength: inflated.length,
    rows: inflated.length / rowBytes,
    colour,
  };
}

export interface WebpFacts {
  width: number;
  height: number;
  format: string;
}

export function readWebp(bytes: Uint8Array): WebpFacts {
  if (ascii(bytes, 0) !== "RIFF" || ascii(bytes, 8) !== "WEBP") throw new Error("not a WebP");
  const riffSize = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  if (riffSize + 8 !== bytes.length) throw new Error(`RIFF size ${riffSize} for ${bytes.length} bytes`);
  const format = ascii(bytes, 12);
  if (format !== "VP8L") throw new Error(`not lossless: ${format}`);
  if (bytes[20] !== 0x2f) throw new Error("no VP8L signature");
  // 14 bits of width − 1 then 14 of height − 1, least significant bit first.
  const bits = new DataView(bytes.buffer, bytes.byteOffset).getUint32(21, true);
  return { format, width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}

/** The boxes directly inside `bytes[start, end)`. */
function boxes(bytes: Uint8Array, start: number, end: number): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  for (let at = start; at < end; ) {
    const size = u32(bytes, at);
    if (size < 8 || at + size > end) throw new Error(`bad box size ${size} at ${at}`);
    found.set(ascii(bytes, at + 4), bytes.subarray(at + 8, at + size));
    at += size;
  }
  return found;
}

function child(parent: Uint8Array, ...path: string[]): Uint8Array {
  let current = parent;
  for (const type of path) {
    const next = boxes(current, 0, current.length).get(type);
    if (!next) throw new Error(`no ${type} box`);
    current = next;
  }
  return current;
}

/** Reads an H.264 RBSP MSB first, with exp-Golomb codes (ITU-T H.264 §9.1). */
class BitReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  u(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++, this.at++) {
      const byte = this.bytes[this.at >> 3];
      if (byte === undefined) throw new Error("read past the end of the SPS");
      value = value * 2 + ((byte >> (7 - (this.at & 7))) & 1);
    }
    return value;
  }

  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) zeros++;
    return 2 ** zeros - 1 + this.u(zeros);
  }
}

/** The NAL unit's RBSP: emulation prevention bytes (`00 00 03`) removed. */
function rbsp(unit: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of unit.subarray(1)) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

export interface SpsFacts {
  profile: number;
  level: number;
  width: number;
  height: number;
}

/** Decodes a Baseline/Main SPS (no chroma_format_idc fields) down to the frame cropping. */
export function readSps(unit: Uint8Array): SpsFacts {
  if ((unit[0]! & 0x1f) !== 7) throw new Error("not an SPS");
  const bits = new BitReader(rbsp(unit));
  const profile = bits.u(8);
  bits.u(8); // constraint flags
  const level = bits.u(8);
  if ([100, 110, 122, 244, 44, 83, 86, 118, 128].includes(profile)) throw new Error("high profiles not read");
  bits.ue(); // seq_parameter_set_id
  bits.ue(); // log2_max_frame_num_minus4
  const pocType = bits.ue();
  if (pocType === 0) bits.ue();
  if (pocType === 1) throw new Error("pic_order_cnt_type 1 not read");
  bits.ue(); // max_num_ref_frames
  bits.u(1); // gaps
  const widthMbs = bits.ue() + 1;
  const heightUnits = bits.ue() + 1;
  const frameMbsOnly = bits.u(1);
  if (!frameMbsOnly) bits.u(1);
  bits.u(1); // direct_8x8_inference_flag
  let crop = [0, 0, 0, 0];
  if (bits.u(1)) crop = [bits.ue(), bits.ue(), bits.ue(), bits.ue()];
  const [left, right, top, bottom] = crop as [number, number, number, number];
  const cropUnitY = 2 * (2 - frameMbsOnly);
  return {
    profile,
    level,
    width: widthMbs * 16 - 2 * (left + right),
    height: heightUnits * (2 - frameMbsOnly) * 16 - cropUnitY * (top + bottom),
  };
}

export interface Mp4Facts {
  /** Seconds, from mvhd, tkhd (movie timescale), mdhd and stts. */
  movieDuration: number;
  trackDuration: number;
  mediaDuration: number;
  samplesDuration: number;
  tkhd: { width: number; height: number };
  avc1: { width: number; height: number };
  sps: SpsFacts;
  samples: number;
  /** NAL unit type of the first sample's first NAL unit (5 = IDR). */
  firstNalType: number;
}

export function readMp4(bytes: Uint8Array): Mp4Facts {
  const top = boxes(bytes, 0, bytes.length);
  if (!top.has("ftyp") || !top.has("mdat")) throw new Error("no ftyp or mdat");
  const moov = top.get("moov");
  if (!moov) throw new Error("no moov");
  const mvhd = child(moov, "mvhd");
  const movieScale = u32(mvhd, 12);
  const tkhd = child(moov, "trak", "tkhd");
  const mdhd = child(moov, "trak", "mdia", "mdhd");
  const stbl = child(moov, "trak", "mdia", "minf", "stbl");
  const stts = child(stbl, "stts");
  let ticks = 0;
  let samples = 0;
  for (let i = 0; i < u32(stts, 4); i++) {
    samples += u32(stts, 8 + i * 8);
    ticks += u32(stts, 8 + i * 8) * u32(stts, 12 + i * 8);
  }
  const stsd = child(stbl, "stsd");
  // stsd: version/flags, entry count, then the avc1 box; its fixed fields are 78 bytes.
  const avc1 = stsd.subarray(8 + 8, 8 + u32(stsd, 8));
  const avcC = child(avc1.subarray(78), "avcC");
  const spsLength = u16(avcC, 6);
  const stsz = child(stbl, "stsz");
  const offset = u32(child(stbl, "stco"), 8);
  const mediaScale = u32(mdhd, 12);
  if (u32(stsz, 8) !== samples) throw new Error(`stts counts ${samples} samples, stsz ${u32(stsz, 8)}`);
  return {
    movieDuration: u32(mvhd, 16) / movieScale,
    trackDuration: u32(tkhd, 20) / movieScale,
    mediaDuration: u32(mdhd, 16) / mediaScale,
    samplesDuration: ticks / mediaScale,
    tkhd: { width: u32(tkhd, 76) / 0x10000, height: u32(tkhd, 80) / 0x10000 },
    avc1: { width: u16(avc1, 24), height: u16(avc1, 26) },
    sps: readSps(avcC.subarray(8, 8 + spsLength)),
    samples: u32(stsz, 8),
    firstNalType: bytes[offset + 4]! & 0x1f,
  };
}
