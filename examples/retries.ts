// Retries and idempotency: a submit whose answer is lost is retried with the same Idempotency-Key,
// so it queues and charges once. Run with a live key (credits are charged):
//   CLIPIA_API_KEY=clipia_live_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx retries.ts
import Clipia from "@clipia/sdk";
import { connectSandbox } from "@clipia/sandbox";

const clipia = new Clipia();
const before = await clipia.account.retrieve();

// Sandbox only: the next submit is processed, but its answer is lost (a 503 comes back instead).
const sandbox = connectSandbox(process.env.CLIPIA_BASE_URL ?? "http://127.0.0.1:4010");
await sandbox.injectFault({
  method: "POST",
  path: "/v1/models/*",
  status: 503,
  phase: "after",
  account_id: before.account_id,
});

// One Idempotency-Key per logical submit (a UUID v4 unless you pass one), reused on every retry:
// a submit retried after a lost response queues and charges once.
const order = await clipia.queue.submit(
  "nano-banana-2",
  { input: { prompt: "a red fox in snow" } },
  { idempotencyKey: "order-1234", maxRetries: 5, timeout: 30_000 },
);

const after = await clipia.account.retrieve();
const requests = await sandbox.listRequests(before.account_id);
console.log(
  `${order.request_id}: ${order.status}; charged ${before.balance.credits - after.balance.credits} credits; ${requests.length} request(s) queued`,
);
if (before.balance.credits - after.balance.credits !== order.cost || requests.length !== 1)
  throw new Error("expected one request, charged once");
console.log(`retries: the lost answer was retried with order-1234, queued and charged once (${order.cost} credits)`);
