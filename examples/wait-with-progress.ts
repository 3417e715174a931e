// Waiting for a live generation, with progress. A live key queues the request, then runs it:
// `queue.wait` polls until it is final and calls `onQueueUpdate` on every change of status,
// queue position or progress.
//   CLIPIA_API_KEY=clipia_live_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx wait-with-progress.ts
import Clipia, { isVideoOutput } from "@clipia/sdk";
import { connectSandbox } from "@clipia/sandbox";

const clipia = new Clipia();

const submitted = await clipia.queue.submit("seedance-2-fast-t2v", {
  input: { prompt: "timelapse of clouds over a mountain lake", duration: 5, resolution: "480p" },
});
console.log(`submitted ${submitted.request_id}: ${submitted.status}, ${submitted.cost} credits reserved`);

// Sandbox only: move its clock forward (3 s every 100 ms) so the example takes a few seconds of
// real time. Against the real API, leave this out: the request progresses on its own.
const sandbox = connectSandbox(process.env.CLIPIA_BASE_URL ?? "http://127.0.0.1:4010");
const clock = setInterval(() => void sandbox.advanceAllClocks(3_000), 100);

const seen: string[] = [];
try {
  const result = await clipia.queue.wait(submitted.request_id, {
    pollInterval: 200,
    timeout: 60_000,
    onQueueUpdate: (update) => {
      seen.push(update.status);
      if (update.status === "IN_QUEUE") console.log(`  in queue, position ${update.queue_position}`);
      else if (update.status === "IN_PROGRESS") console.log(`  in progress, ${update.progress}%`);
      else console.log(`  ${update.status}`);
    },
  });
  // wait() knows only the request id, so the output may be images, a video or another shape: narrow it.
  if (isVideoOutput(result.output)) console.log(`done: ${result.output.video.url} (${result.output.video.duration} s)`);
} finally {
  clearInterval(clock);
}

if (seen[0] !== "IN_QUEUE" || seen.at(-1) !== "COMPLETED")
  throw new Error(`expected IN_QUEUE up to COMPLETED, saw ${seen.join(" -> ")}`);
console.log(`wait with progress: ${[...new Set(seen)].join(" -> ")} (${seen.length} updates)`);
