// The catalog and prices: list the models, read one model's input schema, and estimate the exact
// cost of an input before submitting it (nothing is queued or charged).
//   CLIPIA_API_KEY=clipia_test_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx estimate.ts
import Clipia, { isGenerationModel } from "@clipia/sdk";

const clipia = new Clipia();

const models = await clipia.models.list();
// Generation models (slug, type, pricing in credits) and OpenRouter-shaped text models (no slug)
// share the list; every entry has an `id`. `isGenerationModel` tells them apart.
for (const model of models.data)
  console.log(`  ${model.id.padEnd(22)} ${isGenerationModel(model) ? model.type : "text"}`);

const kling = await clipia.models.retrieve("kling-3");
if (!isGenerationModel(kling)) throw new Error("kling-3 is a video model");
console.log(`${kling.slug} fields: ${Object.keys(kling.input_schema).join(", ")}`);

const input = { prompt: "a hummingbird in slow motion", duration: 10, resolution: "1080p" } as const;
const { credits } = await clipia.models.estimate("kling-3", { input });
console.log(`kling-3, 10 s at 1080p: ${credits} credits (default input: ${kling.pricing.credits})`);

// A test key reports the price live would charge, and charges nothing.
const submitted = await clipia.queue.submit("kling-3", { input });
if (submitted.cost !== credits) throw new Error(`estimate ${credits} and cost ${submitted.cost} disagree`);
console.log(`estimate: ${models.data.length} models; kling-3 estimate ${credits} = submit cost ${submitted.cost}`);
