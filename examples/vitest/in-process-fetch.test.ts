import Clipia, { ConflictError } from "@clipia/sdk";
import { createSandbox } from "@clipia/sandbox";
import { expect, it } from "vitest";

// Without MSW: the sandbox's core is a fetch function, passed to the client.
const sandbox = createSandbox({ seed: 7 });
const clipia = new Clipia({ apiKey: sandbox.keys.live, fetch: (request) => sandbox.fetch(request) });

it("stays IN_PROGRESS with a SLOW outcome until the clock passes 10 minutes", async () => {
  sandbox.forceOutcome({ outcome: "SLOW" });
  const slow = await clipia.queue.submit("nano-banana-2", { input: { prompt: "a slow kite" } });
  sandbox.advanceClock(60_000, { account_id: sandbox.account.account_id });
  expect((await clipia.queue.status(slow.request_id)).status).toBe("IN_PROGRESS");
  sandbox.advanceClock(10 * 60_000, { account_id: sandbox.account.account_id });
  expect((await clipia.queue.status(slow.request_id)).status).toBe("COMPLETED");
});

it("answers 409 request_in_progress to the same Idempotency-Key while the first is held", async () => {
  sandbox.injectFault({ method: "POST", path: "/v1/models/*", delay_ms: 200 });
  const body = { input: { prompt: "a kite" } };
  const first = clipia.queue.submit("nano-banana-2", body, { idempotencyKey: "order-1" });
  const second = clipia.queue.submit("nano-banana-2", body, { idempotencyKey: "order-1", maxRetries: 0 });
  const error = await second.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConflictError);
  expect((error as ConflictError).code).toBe("request_in_progress");
  const replay = await clipia.queue.submit("nano-banana-2", body, { idempotencyKey: "order-1" });
  expect(replay.request_id).toBe((await first).request_id);
});
