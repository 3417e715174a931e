// Quick start: a client, a generation, its output. Run with a test key (instant, free):
//   CLIPIA_API_KEY=clipia_test_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx quick-start.ts
import Clipia from "@clipia/sdk";

const clipia = new Clipia(); // reads CLIPIA_API_KEY (and CLIPIA_BASE_URL)

const result = await clipia.subscribe("nano-banana-2", {
  input: { prompt: "a red fox trotting through fresh snow", aspect_ratio: "16:9" },
});
console.log(result.output.images[0]?.url);

if (result.status !== "COMPLETED" || !result.output.images[0]?.url)
  throw new Error("expected a completed result with an image");
console.log(
  `quick start: ${clipia.environment} request ${result.request_id} is ${result.status} (${result.cost} credits)`,
);
