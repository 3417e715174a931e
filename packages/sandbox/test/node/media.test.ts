import { type SandboxServer, startSandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMp4, readPng, readWebp } from "../support/media-headers.js";

// The generated media over HTTP: the Node server serves the same files as the in-process fetch,
// on its own URL, each stating the dimensions its output names (issue 19).

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandboxServer({ port: 0, host: "127.0.0.1", seed: 19 });
});
afterAll(async () => {
  await server?.close();
});

async function generate(slug: string, input: Record<string, unknown>) {
  const headers = { authorization: `Bearer ${server.sandbox.keys.test}`, "content-type": "application/json" };
  const submitted = await fetch(`${server.url}/v1/models/${slug}`, {
    method: "POST",
    headers,
    body: JSON.stringify({ input: { prompt: "a fox", ...input } }),
  });
  const { response_url } = (await submitted.json()) as { response_url: string };
  return ((await (await fetch(response_url, { headers })).json()) as { output: any }).output;
}

async function download(url: string, type: string): Promise<Uint8Array> {
  expect(url.startsWith(`${server.url}/media/`)).toBe(true);
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe(type);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
  return bytes;
}

describe("media over HTTP (startSandboxServer)", () => {
  it("an image's WebP url and PNG original_url are the size asked for", async () => {
    const output = await generate("nano-banana-pro", { aspect_ratio: "16:9", resolution: "2K" });
    expect(output.images[0]).toMatchObject({ width: 2048, height: 1152 });
    expect(readWebp(await download(output.images[0].url, "image/webp"))).toMatchObject({ width: 2048, height: 1152 });
    const png = readPng(await download(output.images[0].original_url, "image/png"));
    expect(png).toMatchObject({ width: 2048, height: 1152, rows: 1152 });
  });

  it("a video's MP4 states its size and duration in the container and the SPS", async () => {
    const output = await generate("seedance-2-fast-t2v", { aspect_ratio: "9:16", resolution: "1080p", duration: 8 });
    expect(output.video).toMatchObject({ width: 1080, height: 1920, duration: 8 });
    expect(output.video.original_url).toBe(output.video.url);
    const mp4 = readMp4(await download(output.video.url, "video/mp4"));
    const size = { width: 1080, height: 1920 };
    expect(mp4).toMatchObject({ tkhd: size, avc1: size, sps: size, movieDuration: 8, mediaDuration: 8 });
  });

  it("refuses paths outside the bound with 404", async () => {
    for (const path of ["/media/image/9000x10.png", "/media/video/1280x720-90s.mp4", "/media/sample.png"]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});
