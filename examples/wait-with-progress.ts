// Waiting for a live generation, with progress. A live key queues the generation, then runs it:
// `generations.wait` polls until it is final and calls `onUpdate` on each status change.
//   CLIPIA_API_KEY=clipia_live_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx wait-with-progress.ts
import Clipia from "@clipia/sdk";

const clipia = new Clipia();

const generation = await clipia.generations.create("clipia-video-1", {
  input: { prompt: "timelapse of clouds over a mountain lake", duration_seconds: 2 },
  metadata: { order: "1234" },
});
console.log(`created ${generation.id}: ${generation.status}, ${generation.cost_credits} credits`);

// Sandbox only: move its clock forward (1 s every 100 ms) so the example takes about a second
// of real time. Against the real API, leave this out: the generation progresses on its own.
const clock = setInterval(() => {
  void fetch(`${clipia.baseUrl}/_sandbox/clock/advance`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ms: 1000 }),
  });
}, 100);

const seen: string[] = [];
try {
  const video = await clipia.generations.wait(generation.id, {
    pollInterval: 250,
    timeout: 60_000,
    onUpdate: (g) => {
      seen.push(g.status);
      console.log(`  ${g.status}${g.queue_position ? ` (position ${g.queue_position})` : ""}`);
    },
  });
  console.log(`done: ${video.output?.url}`);
} finally {
  clearInterval(clock);
}

if (seen.at(-1) !== "completed" || seen.length < 2) throw new Error(`expected progress up to completed, saw ${seen.join(" -> ")}`);
console.log(`wait with progress: ${seen.join(" -> ")}`);
