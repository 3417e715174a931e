import { existsSync } from "node:fs";
import { type SandboxServer, startSandboxServer } from "@clipia/sandbox/node";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The generated media in a real decoder: headless Chromium loads an output's WebP and PNG in an
// <img> and its MP4 in a <video>, and must see the size the output names (and a decodable frame).

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) console.log(`media-browser: skipped, no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

interface Seen {
  image: Array<[number, number] | string>;
  video: { width: number; height: number; duration: number; pixel: number[] } | string;
  h264: string;
}

describe.skipIf(!existsSync(CHROMIUM))(`generated media in headless Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let server: SandboxServer;

  beforeAll(async () => {
    server = await startSandboxServer({ port: 0, host: "127.0.0.1", seed: 19 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("decodes the WebP, the PNG and the MP4 at the stated dimensions", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/_sandbox/console`);
      const seen: Seen = await page.evaluate(async (base) => {
        const image = (src: string) =>
          new Promise<[number, number] | string>((resolve) => {
            const element = new Image();
            element.onload = () => resolve([element.naturalWidth, element.naturalHeight]);
            element.onerror = () => resolve(`error loading ${src}`);
            element.src = src;
          });
        const video = (src: string) =>
          new Promise<Seen["video"]>((resolve) => {
            const element = document.createElement("video");
            element.muted = true;
            element.onloadeddata = () => {
              element.currentTime = 1.5;
            };
            // After a seek the frame is decoded: draw it to check it is the flat grey written.
            element.onseeked = () => {
              const canvas = document.createElement("canvas");
              canvas.width = element.videoWidth;
              canvas.height = element.videoHeight;
              const context = canvas.getContext("2d")!;
              context.drawImage(element, 0, 0);
              const pixel = Array.from(context.getImageData(canvas.width - 1, canvas.height - 1, 1, 1).data);
              resolve({ width: element.videoWidth, height: element.videoHeight, duration: element.duration, pixel });
            };
            element.onerror = () => resolve(`error ${element.error?.code}: ${element.error?.message}`);
            element.src = src;
          });
        const media = `${base}/media`;
        return {
          image: [await image(`${media}/image/1024x576.webp`), await image(`${media}/image/768x1024.png`)],
          video: await video(`${media}/video/854x480-3s.mp4`),
          h264: document.createElement("video").canPlayType('video/mp4; codecs="avc1.42C01E"'),
        };
      }, server.url);
      expect(seen.image).toEqual([
        [1024, 576],
        [768, 1024],
      ]);
      if (seen.h264 === "") {
        console.log("media-browser: this Chromium cannot play H.264; the <video> check is skipped");
        return;
      }
      expect(seen.video).toMatchObject({ width: 854, height: 480, duration: 3 });
      // Y = Cb = Cr = 128 (BT.601 limited range) is RGB ~130 grey; allow for the colour conversion.
      const [r, g, b] = (seen.video as { pixel: number[] }).pixel;
      for (const channel of [r!, g!, b!]) expect(Math.abs(channel - 130)).toBeLessThan(6);
    } finally {
      await page.close();
    }
  }, 60_000);
});
