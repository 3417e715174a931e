import { MsbBitWriter } from "./media-bits.js";

// A tiny valid H.264 stream (ITU-T H.264, Constrained Baseline, CAVLC) of a flat mid-grey picture:
// one IDR picture whose macroblocks are all I_16x16 with DC prediction and no residual (with no
// neighbours DC prediction gives 128, so each macroblock predicts the same grey from the last),
// then P pictures whose macroblocks are all skipped (a copy of the reference). The SPS carries the
// exact size: whole macroblocks, then frame cropping down to `width × height`.

/** Constrained Baseline: profile 66 with constraint_set0 and constraint_set1. */
export const PROFILE_IDC = 66;
export const PROFILE_COMPATIBILITY = 0xc0;
/** frame_num is 16 bits wide, so a 60-second stream never wraps it. */
const LOG2_MAX_FRAME_NUM = 16;

/** Table A-1: each level's maximum frame size in macroblocks (MaxFS), smallest level first. */
const LEVELS: ReadonlyArray<readonly [level: number, maxFrameMbs: number]> = [
  [10, 99],
  [11, 396],
  [21, 792],
  [30, 1620],
  [31, 3600],
  [32, 5120],
  [40, 8192],
  [42, 8704],
  [50, 22080],
  [51, 36864],
  [60, 139264],
];

/** The smallest level whose frame size fits (6.0 beyond: decoders do not enforce it). */
function levelFor(frameMbs: number): number {
  return (LEVELS.find(([, max]) => frameMbs <= max) ?? LEVELS[LEVELS.length - 1]!)[0];
}

/** A NAL unit: its header byte, then the RBSP with emulation prevention (§7.4.1). */
function nal(refIdc: number, type: number, rbsp: Uint8Array): Uint8Array {
  const out: number[] = [(refIdc << 5) | type];
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

/** A coded stream: its parameter sets (for avcC) and its pictures. */
interface H264Stream {
  sps: Uint8Array;
  pps: Uint8Array;
  /** One access unit (a single slice NAL unit) per picture, decoding order = display order. */
  pictures: Uint8Array[];
  level: number;
}

/** The coded stream of a `width × height` (even, ≥ 2) grey video of `frames` pictures. */
export function greyH264(width: number, height: number, frames: number): H264Stream {
  const widthMbs = Math.ceil(width / 16);
  const heightMbs = Math.ceil(height / 16);
  const frameMbs = widthMbs * heightMbs;
  const level = levelFor(frameMbs);

  const sps = new MsbBitWriter();
  sps.u(PROFILE_IDC, 8);
  sps.u(PROFILE_COMPATIBILITY, 8); // constraint_set0…5 flags and the 2 reserved bits
  sps.u(level, 8);
  sps.ue(0); // seq_parameter_set_id
  sps.ue(LOG2_MAX_FRAME_NUM - 4);
  sps.ue(2); // pic_order_cnt_type 2: display order is decoding order
  sps.ue(1); // max_num_ref_frames
  sps.u(0, 1); // gaps_in_frame_num_value_allowed_flag
  sps.ue(widthMbs - 1); // pic_width_in_mbs_minus1
  sps.ue(heightMbs - 1); // pic_height_in_map_units_minus1
  sps.u(1, 1); // frame_mbs_only_flag
  sps.u(1, 1); // direct_8x8_inference_flag
  const cropRight = (widthMbs * 16 - width) / 2; // in 2-pixel units (4:2:0, frames only)
  const cropBottom = (heightMbs * 16 - height) / 2;
  const cropping = cropRight > 0 || cropBottom > 0;
  sps.u(cropping ? 1 : 0, 1);
  if (cropping) {
    sps.ue(0); // left
    sps.ue(cropRight);
    sps.ue(0); // top
    sps.ue(cropBottom);
  }
  sps.u(0, 1); // vui_parameters_present_flag

  const pps = new MsbBitWriter();
  pps.ue(0); // pic_parameter_set_id
  pps.ue(0); // seq_parameter_set_id
  pps.u(0, 1); // entropy_coding_mode_flag: CAVLC
  pps.u(0, 1); // bottom_field_pic_order_in_frame_present_flag
  pps.ue(0); // num_slice_groups_minus1
  pps.ue(0); // num_ref_idx_l0_default_active_minus1
  pps.ue(0); // num_ref_idx_l1_default_active_minus1
  pps.u(0, 1); // weighted_pred_flag
  pps.u(0, 2); // weighted_bipred_idc
  pps.se(0); // pic_init_qp_minus26
  pps.se(0); // pic_init_qs_minus26
  pps.se(0); // chroma_qp_index_offset
  pps.u(0, 1); // deblocking_filter_control_present_flag
  pps.u(0, 1); // constrained_intra_pred_flag
  pps.u(0, 1); // redundant_pic_cnt_present_flag

  const pictures: Uint8Array[] = [];
  for (let frame = 0; frame < frames; frame++) {
    const idr = frame === 0;
    const slice = new MsbBitWriter();
    slice.ue(0); // first_mb_in_slice
    slice.ue(idr ? 7 : 5); // slice_type: I or P (every slice of the picture the same type)
    slice.ue(0); // pic_parameter_set_id
    slice.u(frame, LOG2_MAX_FRAME_NUM); // frame_num: every picture is a reference picture
    if (idr)
      slice.ue(0); // idr_pic_id
    else {
      slice.u(0, 1); // num_ref_idx_active_override_flag
      slice.u(0, 1); // ref_pic_list_modification_flag_l0
    }
    // dec_ref_pic_marking(): no_output_of_prior_pics + long_term_reference (IDR), or the
    // sliding window (adaptive_ref_pic_marking_mode_flag 0).
    if (idr) slice.u(0, 2);
    else slice.u(0, 1);
    slice.se(0); // slice_qp_delta
    if (idr) {
      // mb_type 3 = I_16x16_2_0_0 (DC prediction, no coded luma or chroma), ue "00100";
      // intra_chroma_pred_mode 0 (DC) "1"; mb_qp_delta 0 "1"; the Intra16x16 DC block's
      // coeff_token for no coefficient at nC 0 "1".
      for (let mb = 0; mb < frameMbs; mb++) slice.u(0b00100111, 8);
    } else {
      slice.ue(frameMbs); // mb_skip_run: the whole picture
    }
    pictures.push(nal(idr ? 3 : 2, idr ? 5 : 1, slice.finishRbsp()));
  }
  return { sps: nal(3, 7, sps.finishRbsp()), pps: nal(3, 8, pps.finishRbsp()), pictures, level };
}
