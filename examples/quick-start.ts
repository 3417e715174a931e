// Quick start: a client, a generation, its output. Run with a test key (instant, free):
//   CLIPIA_API_KEY=clipia_test_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx quick-start.ts
import Clipia from "@clipia/sdk";

const clipia = new Clipia(); // reads CLIPIA_API_KEY (and CLIPIA_BASE_URL)

const video = await clipia.run(
  "clipia-video-1",
  { input: { prompt: "a red fox trotting through fresh snow", duration_seconds: 5 } },
  { onUpdate: (g) => console.log(g.status, g.queue_position ?? "") },
);
console.log(video.output?.url, video._request_id);

if (video.status !== "completed" || !video.output) throw new Error("expected a completed generation with an output");
console.log(`quick start: ${clipia.environment} generation ${video.id} is ${video.status}`);
