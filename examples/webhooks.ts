// Webhooks: receive the outcome of a request and verify its signature with the account's secret.
// Starts a receiver on 127.0.0.1, submits a live request with a `webhook_url`, and waits for it.
//   CLIPIA_API_KEY=clipia_live_… CLIPIA_WEBHOOK_SECRET=whsec_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx webhooks.ts
import { createServer } from "node:http";
import Clipia, { verifyWebhook, WebhookVerificationError, type WebhookEvent } from "@clipia/sdk";
import { connectSandbox } from "@clipia/sandbox";

let delivered: (event: WebhookEvent) => void;
const received = new Promise<WebhookEvent>((resolve) => (delivered = resolve));

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString("utf8");
  try {
    // The raw body, as received, and the request headers (Headers or Node's req.headers).
    const event = await verifyWebhook(rawBody, req.headers, process.env.CLIPIA_WEBHOOK_SECRET!);
    res.writeHead(204).end();
    delivered(event);
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    res.writeHead(400).end(error.reason);
  }
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const address = server.address();
if (!address || typeof address === "string") throw new Error("no address");

try {
  const clipia = new Clipia(); // a live key: the webhook fires when the request is final
  const submitted = await clipia.queue.submit("nano-banana-2", {
    input: { prompt: "a paper boat on a stream" },
    webhook_url: `http://127.0.0.1:${address.port}/clipia-webhook`,
  });
  // Sandbox only: finish the request now. Against the real API, it finishes on its own.
  await connectSandbox(process.env.CLIPIA_BASE_URL ?? "http://127.0.0.1:4010").advanceAllClocks(60_000);
  const event = await received;
  if (event.status === "OK")
    console.log(`${event.request_id}: ${JSON.stringify(event.payload.output)} (${event.payload.cost} credits)`);
  else console.log(`${event.request_id} failed: ${event.error.code}`);

  if (event.request_id !== submitted.request_id || event.status !== "OK")
    throw new Error(`unexpected delivery ${event.request_id} ${event.status}`);
  console.log(`webhooks: verified delivery of ${event.request_id} (${event.status})`);
} finally {
  server.close();
}
