// Webhooks: receive the final generation and verify its signature with the account's secret.
// Starts a receiver on 127.0.0.1, creates a live generation with a `webhook_url`, and waits for it.
//   CLIPIA_API_KEY=clipia_live_… CLIPIA_WEBHOOK_SECRET=whsec_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx webhooks.ts
import { createServer } from "node:http";
import Clipia, { verifyWebhook, WebhookVerificationError, type Generation } from "@clipia/sdk";
import { advanceClock } from "./sandbox-control.js";

let delivered: (generation: Generation) => void;
const received = new Promise<Generation>((resolve) => (delivered = resolve));

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString("utf8");
  try {
    // The raw body, as received, and the request headers (Headers or Node's req.headers).
    const generation = await verifyWebhook(rawBody, req.headers, process.env.CLIPIA_WEBHOOK_SECRET!);
    res.writeHead(204).end();
    delivered(generation);
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    res.writeHead(400).end(error.reason);
  }
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const address = server.address();
if (!address || typeof address === "string") throw new Error("no address");

try {
  const clipia = new Clipia(); // a live key: the webhook fires when the generation ends
  const generation = await clipia.generations.create("clipia-video-1-fast", {
    input: { prompt: "a paper boat on a stream", duration_seconds: 1 },
    webhook_url: `http://127.0.0.1:${address.port}/clipia-webhook`,
  });
  await advanceClock(60_000); // sandbox only: finish the generation now
  const final = await received;
  if (final.id !== generation.id || final.status !== "completed") throw new Error(`unexpected delivery ${final.id} ${final.status}`);
  console.log(`webhooks: verified delivery of ${final.id} (${final.status})`);
} finally {
  server.close();
}
