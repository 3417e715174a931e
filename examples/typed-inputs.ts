// Per-model input types: for the slugs of the catalog, `input` is typed from the model's
// input_schema (fields, enums, required prompt); any other slug takes an open object.
//   CLIPIA_API_KEY=clipia_test_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx typed-inputs.ts
import Clipia from "@clipia/sdk";

const clipia = new Clipia();

// A catalog slug's input is typed: a wrong field or value does not compile.
const video = await clipia.queue.submit("seedance-2-fast-i2v", {
  input: { prompt: "the boat drifts away", image_url: "https://example.com/boat.png", duration: 10 },
});
function wrong() {
  // @ts-expect-error: "2:1" is not an aspect ratio of nano-banana-2
  return clipia.models.estimate("nano-banana-2", { input: { prompt: "a fox", aspect_ratio: "2:1" } });
}

// A slug the SDK does not know yet (a model added to the live catalog later) still works, untyped.
function later() {
  return clipia.queue.submit("some-future-model", { input: { prompt: "anything", strength: 0.4 } });
}

console.log(`${video.request_id}: ${video.status}, ${video.cost} credits`);
if (video.status !== "COMPLETED" || typeof wrong !== "function" || typeof later !== "function")
  throw new Error("expected a completed test request");
console.log(`typed inputs: seedance-2-fast-i2v submitted (${video.cost} credits for 10 s)`);
