import { CATALOG, createSandbox, type Sandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { findMedia, sampleOutput } from "../../src/catalog/media.js";
import type { GenerationCatalogEntry } from "../../src/catalog/types.js";
import { readMp4, readPng, readWebp } from "../support/media-headers.js";
import { BASE, call, submit } from "./helpers.js";

// Issue 19: an output describes the request. Images: 1K/2K/4K fix the long side (1024/2048/4096),
// the ratio the short one. Videos: 480p/720p/1080p fix the short side, the ratio the long one
// (even), `duration` the length. `url` is a WebP rendition, `original_url` the PNG; a video's are
// one MP4. Each file states those dimensions in its own headers.

interface Case {
  model: string;
  input: Record<string, unknown>;
  width: number;
  height: number;
  duration?: number;
}

const IMAGES: Case[] = [
  { model: "nano-banana-2", input: {}, width: 1024, height: 1024 },
  { model: "nano-banana-2", input: { aspect_ratio: "16:9" }, width: 1024, height: 576 },
  { model: "nano-banana-2", input: { aspect_ratio: "9:16", resolution: "4K" }, width: 2304, height: 4096 },
  { model: "flux-2-pro", input: { aspect_ratio: "4:3", resolution: "2K" }, width: 2048, height: 1536 },
  { model: "gpt-image-2", input: { aspect_ratio: "3:4" }, width: 768, height: 1024 },
];

const VIDEOS: Case[] = [
  { model: "kling-3", input: {}, width: 1280, height: 720, duration: 5 },
  { model: "kling-3", input: { aspect_ratio: "9:16" }, width: 720, height: 1280, duration: 5 },
  { model: "kling-3", input: { aspect_ratio: "1:1", duration: 10 }, width: 720, height: 720, duration: 10 },
  {
    model: "seedance-2-fast-t2v",
    input: { resolution: "1080p", duration: 8 },
    width: 1920,
    height: 1080,
    duration: 8,
  },
  // 480 × 16/9 = 853.3: sides are even for H.264's 4:2:0 sampling.
  {
    model: "sora-2",
    input: { aspect_ratio: "9:16", resolution: "480p", duration: 4 },
    width: 480,
    height: 854,
    duration: 4,
  },
];

const model = (slug: string) => CATALOG.find((entry) => entry.id === slug) as GenerationCatalogEntry;
const bytesOf = async (sandbox: Sandbox, url: string) => {
  const response = await sandbox.fetch(url);
  expect(response.status, url).toBe(200);
  return { type: response.headers.get("content-type"), bytes: new Uint8Array(await response.arrayBuffer()) };
};

/** Submits with a test key (completed at once) or a live key (completed after the clock moves). */
async function completed(sandbox: Sandbox, kind: "test" | "live", slug: string, input: Record<string, unknown>) {
  const key = sandbox.keys[kind];
  const submitted = await submit(sandbox, key, slug, { prompt: "a fox", ...input });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  if (kind === "live") sandbox.advanceClock(200_000, { account_id: sandbox.account.account_id });
  const result = await call(sandbox, key, "GET", `/v1/requests/${submitted.body.request_id}`);
  expect(result.body.status).toBe("COMPLETED");
  return result.body.output;
}

describe.each(["test", "live"] as const)("outputs of %s keys describe the request", (kind) => {
  it.each(IMAGES)("$model $input → $width×$height, WebP url and PNG original_url", async (c) => {
    const sandbox = createSandbox();
    const output = await completed(sandbox, kind, c.model, c.input);
    expect(output.images).toEqual([
      {
        url: `${BASE}/media/image/${c.width}x${c.height}.webp`,
        original_url: `${BASE}/media/image/${c.width}x${c.height}.png`,
        width: c.width,
        height: c.height,
      },
    ]);
    const webp = await bytesOf(sandbox, output.images[0].url);
    expect(webp.type).toBe("image/webp");
    expect(readWebp(webp.bytes)).toEqual({ format: "VP8L", width: c.width, height: c.height });
    const png = await bytesOf(sandbox, output.images[0].original_url);
    expect(png.type).toBe("image/png");
    const facts = readPng(png.bytes);
    expect(facts).toMatchObject({ width: c.width, height: c.height, rows: c.height });
    expect(facts.inflatedLength).toBe(c.height * (1 + Math.ceil((c.width * facts.bitDepth) / 8)));
  });

  it.each(VIDEOS)("$model $input → $width×$height, $duration s, in the MP4 and its SPS", async (c) => {
    const sandbox = createSandbox();
    const output = await completed(sandbox, kind, c.model, c.input);
    const url = `${BASE}/media/video/${c.width}x${c.height}-${c.duration}s.mp4`;
    expect(output.video).toEqual({ url, original_url: url, width: c.width, height: c.height, duration: c.duration });
    const mp4 = await bytesOf(sandbox, url);
    expect(mp4.type).toBe("video/mp4");
    const facts = readMp4(mp4.bytes);
    const size = { width: c.width, height: c.height };
    expect(facts).toMatchObject({ tkhd: size, avc1: size, sps: { ...size, profile: 66 }, firstNalType: 5 });
    for (const seconds of [facts.movieDuration, facts.trackDuration, facts.mediaDuration, facts.samplesDuration])
      expect(seconds).toBe(c.duration);
  });
});

describe("sampleOutput", () => {
  const image = model("nano-banana-2");
  const video = model("kling-3");

  it("copies num_images and ignores fields it does not know", () => {
    const output = sampleOutput(image, { num_images: 3, aspect_ratio: "16:9", style: "noir" }, BASE) as {
      images: Array<{ width: number; height: number }>;
    };
    expect(output.images).toHaveLength(3);
    expect(output.images.every(({ width, height }) => width === 1024 && height === 576)).toBe(true);
  });

  it("takes any W:H ratio, and the model's default when the ratio does not parse", () => {
    expect(sampleOutput(image, { aspect_ratio: "21:9", resolution: "2K" }, BASE)).toMatchObject({
      images: [{ width: 2048, height: 878 }],
    });
    expect(sampleOutput(video, { aspect_ratio: "4:3", resolution: "480p" }, BASE)).toMatchObject({
      video: { width: 640, height: 480 },
    });
    for (const ratio of ["wide", "0:1", "16/9", "-4:3", 169]) {
      expect(sampleOutput(image, { aspect_ratio: ratio }, BASE)).toMatchObject({
        images: [{ width: 1024, height: 1024 }],
      });
      expect(sampleOutput(video, { aspect_ratio: ratio }, BASE)).toMatchObject({ video: { width: 1280, height: 720 } });
    }
  });

  it("scales a ratio too wide for the 8192-px bound down to fit, so its files are served", async () => {
    const output = sampleOutput(video, { aspect_ratio: "100:1", resolution: "1080p" }, BASE) as {
      video: { url: string; width: number; height: number };
    };
    expect(output.video).toMatchObject({ width: 8192, height: 82 });
    expect(findMedia("video", output.video.url.split("/").pop()!)).toBeDefined();
  });
});

describe("GET /media/{kind}/{file}", () => {
  it.each([
    "/media/sample.png",
    "/media/sample.mp4",
    "/media/image/8193x10.png", // over the bound
    "/media/image/10x8193.webp",
    "/media/image/0x10.png",
    "/media/image/01024x576.png", // not canonical
    "/media/image/1024X576.png",
    "/media/image/1024x576.jpg",
    "/media/image/1024x576.PNG",
    "/media/image/1024x576-5s.mp4",
    "/media/video/1280x720.mp4",
    "/media/video/1281x720-5s.mp4", // odd side
    "/media/video/1280x720-61s.mp4", // too long
    "/media/video/1280x720-0s.mp4",
    "/media/video/1280x720-05s.mp4",
    "/media/video/1280x720-5s.webp",
    "/media/audio/1x1.png",
    "/media/image/1024x576.png/x",
  ])("%s is 404", async (path) => {
    const sandbox = createSandbox();
    const response = await call(sandbox, null, "GET", path);
    expect(response.status).toBe(404);
  });

  it("serves the bounds themselves", async () => {
    const sandbox = createSandbox();
    const png = await bytesOf(sandbox, `${BASE}/media/image/8192x1.png`);
    expect(readPng(png.bytes)).toMatchObject({ width: 8192, height: 1, rows: 1 });
    const webp = await bytesOf(sandbox, `${BASE}/media/image/1x8192.webp`);
    expect(readWebp(webp.bytes)).toMatchObject({ width: 1, height: 8192 });
    const mp4 = await bytesOf(sandbox, `${BASE}/media/video/2x2-60s.mp4`);
    expect(readMp4(mp4.bytes)).toMatchObject({ movieDuration: 60, sps: { width: 2, height: 2 } });
  });
});
