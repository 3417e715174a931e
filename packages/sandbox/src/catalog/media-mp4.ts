import { ByteWriter, concat } from "./media-bits.js";
import { greyH264, PROFILE_COMPATIBILITY, PROFILE_IDC } from "./media-h264.js";

// An MP4 (ISO/IEC 14496-12 and -15) of one H.264 track, `moov` before `mdat` so a player can start
// before the download ends. Width, height and duration are stated in mvhd, tkhd, mdhd, the avc1
// sample entry and the SPS alike.

/** Pictures per second: enough to look like a video, few enough to stay small (a P picture is ~10 bytes). */
const FRAME_RATE = 25;
/** Ticks per second of the movie and the track: one millisecond, so 25 fps is 40 ticks a picture. */
const TIMESCALE = 1000;
const UNITY_MATRIX = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];

function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const body = concat(payload);
  return concat([
    new ByteWriter()
      .u32(8 + body.length)
      .ascii(type)
      .done(),
    body,
  ]);
}

/** A full box: version 0 and 24 bits of flags before the payload. */
function fullBox(type: string, flags: number, payload: ByteWriter | Uint8Array): Uint8Array {
  const bytes = payload instanceof ByteWriter ? payload.done() : payload;
  return box(type, new ByteWriter().u32(flags).done(), bytes);
}

function matrix(out: ByteWriter): ByteWriter {
  for (const value of UNITY_MATRIX) out.u32(value);
  return out;
}

/** A `width × height` (even) grey H.264 video of `seconds` (whole) seconds. */
export function greyMp4(width: number, height: number, seconds: number): Uint8Array {
  const frames = seconds * FRAME_RATE;
  const delta = TIMESCALE / FRAME_RATE;
  const duration = frames * delta;
  const stream = greyH264(width, height, frames);
  // Each sample is its NAL units with a 4-byte length (avcC lengthSizeMinusOne = 3).
  const samples = stream.pictures.map((unit) => concat([new ByteWriter().u32(unit.length).done(), unit]));

  const avcC = box(
    "avcC",
    new ByteWriter()
      .u8(1) // configurationVersion
      .u8(PROFILE_IDC)
      .u8(PROFILE_COMPATIBILITY)
      .u8(stream.level)
      .u8(0xff) // 6 reserved bits, lengthSizeMinusOne 3
      .u8(0xe1) // 3 reserved bits, one SPS
      .u16(stream.sps.length)
      .raw(stream.sps)
      .u8(1) // one PPS
      .u16(stream.pps.length)
      .raw(stream.pps)
      .done(),
  );
  const compressor = new Uint8Array(32); // a Pascal string: empty
  const avc1 = box(
    "avc1",
    new ByteWriter()
      .u32(0)
      .u16(0) // 6 reserved bytes
      .u16(1) // data_reference_index
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(0)
      .u32(0)
      .u16(width)
      .u16(height)
      .u32(0x480000) // 72 dpi
      .u32(0x480000)
      .u32(0)
      .u16(1) // frame_count
      .raw(compressor)
      .u16(0x18) // depth
      .u16(0xffff) // pre_defined −1
      .done(),
    avcC,
  );

  const sampleTable = (chunkOffset: number) =>
    box(
      "stbl",
      fullBox("stsd", 0, concat([new ByteWriter().u32(1).done(), avc1])),
      fullBox("stts", 0, new ByteWriter().u32(1).u32(frames).u32(delta)),
      fullBox("stss", 0, new ByteWriter().u32(1).u32(1)), // only the first picture is a sync sample
      fullBox("stsc", 0, new ByteWriter().u32(1).u32(1).u32(frames).u32(1)), // one chunk of every sample
      fullBox(
        "stsz",
        0,
        samples.reduce((out, sample) => out.u32(sample.length), new ByteWriter().u32(0).u32(frames)),
      ),
      fullBox("stco", 0, new ByteWriter().u32(1).u32(chunkOffset)),
    );

  const movie = (chunkOffset: number) =>
    box(
      "moov",
      fullBox(
        "mvhd",
        0,
        matrix(
          new ByteWriter()
            .u32(0) // creation_time
            .u32(0) // modification_time
            .u32(TIMESCALE)
            .u32(duration)
            .u32(0x10000) // rate 1.0
            .u16(0x100) // volume 1.0
            .u16(0)
            .u32(0)
            .u32(0),
        )
          .u32(0)
          .u32(0)
          .u32(0)
          .u32(0)
          .u32(0)
          .u32(0) // pre_defined
          .u32(2), // next_track_ID
      ),
      box(
        "trak",
        fullBox(
          "tkhd",
          3, // enabled, in the movie
          matrix(
            new ByteWriter()
              .u32(0)
              .u32(0)
              .u32(1) // track_ID
              .u32(0)
              .u32(duration)
              .u32(0)
              .u32(0)
              .u16(0) // layer
              .u16(0) // alternate_group
              .u16(0) // volume: a video track
              .u16(0),
          )
            .u32(width * 0x10000) // 16.16 fixed point
            .u32(height * 0x10000),
        ),
        box(
          "mdia",
          fullBox(
            "mdhd",
            0,
            new ByteWriter().u32(0).u32(0).u32(TIMESCALE).u32(duration).u16(0x55c4).u16(0), // language "und"
          ),
          fullBox("hdlr", 0, new ByteWriter().u32(0).ascii("vide").u32(0).u32(0).u32(0).ascii("Video\0")),
          box(
            "minf",
            fullBox("vmhd", 1, new ByteWriter().u16(0).u16(0).u16(0).u16(0)),
            box(
              "dinf",
              fullBox("dref", 0, concat([new ByteWriter().u32(1).done(), fullBox("url ", 1, new Uint8Array())])),
            ),
            sampleTable(chunkOffset),
          ),
        ),
      ),
    );

  const ftyp = box("ftyp", new ByteWriter().ascii("isom").u32(0x200).ascii("isomiso2avc1mp41").done());
  // The chunk offset does not change the size of moov: measure it once, then write the real one.
  const offset = ftyp.length + movie(0).length + 8;
  return concat([ftyp, movie(offset), box("mdat", ...samples)]);
}
