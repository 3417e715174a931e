import { describe, expect, it } from "vitest";
import type { ResultResponse } from "../../src/index.js";
import { outputAssets } from "../../src/cli/assets.js";
import { renderResult } from "../../src/cli/format.js";

const result = (output: unknown): ResultResponse =>
  ({
    request_id: "764cabcf-b745-4b3e-ae38-1200304cf45b",
    status: "COMPLETED",
    model: "m",
    output,
    error: null,
    cost: 1,
    created_at: "2026-12-07T00:00:00Z",
    completed_at: "2026-12-07T00:00:01Z",
  }) as ResultResponse;

describe("the CLI's view of an output (SPEC v3: clients accept an output of another shape)", () => {
  it("finds images and a video", () => {
    expect(outputAssets(result({ images: [{ url: "https://m/a.webp" }, { url: "https://m/b.webp" }] }))).toHaveLength(
      2,
    );
    expect(outputAssets(result({ video: { url: "https://m/v.mp4", width: 1280, height: 720 } }))).toEqual([
      { url: "https://m/v.mp4", width: 1280, height: 720 },
    ]);
  });

  it("finds the files of a shape it does not know by name (an audio model), and ignores what carries no url", () => {
    const audio = result({ audio: { url: "https://m/a.mp3", duration: 3 }, tracks: [{ original_url: "https://m/t" }] });
    expect(outputAssets(audio).map((asset) => asset.url ?? asset.original_url)).toEqual([
      "https://m/a.mp3",
      "https://m/t",
    ]);
    expect(outputAssets(result({ text: "x", count: 2, nested: { a: 1 }, list: [1, null] }))).toEqual([]);
    expect(outputAssets(result(null))).toEqual([]);
    expect(renderResult({ ...audio, pending: false })).toMatch(/output\s+https:\/\/m\/a\.mp3/);
  });
});
