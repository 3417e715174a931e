import Clipia, { APIConnectionError, ConflictError } from "@clipia/sdk";
import { createSandbox } from "@clipia/sandbox";
import { expect, it } from "vitest";

// Without MSW: the sandbox's core is a fetch function, passed to the client.
const sandbox = createSandbox({ seed: 7 });
const clipia = new Clipia({ apiKey: sandbox.keys.live, fetch: (request) => sandbox.fetch(request) });

it("stays in_progress with sandbox:slow until the clock passes 10 minutes", async () => {
  const slow = await clipia.generations.create("clipia-video-1", { input: { prompt: "sandbox:slow" } });
  sandbox.advanceClock(60_000);
  expect((await clipia.generations.retrieve(slow.id)).status).toBe("in_progress");
  sandbox.advanceClock(10 * 60_000);
  expect((await clipia.generations.retrieve(slow.id)).status).toBe("completed");
});

it("holds a request with delay_ms, and drops the connection with network_error", async () => {
  sandbox.injectFault({ method: "POST", path: "/v1/models/*", delay_ms: 200 });
  const body = { input: { prompt: "a kite" } };
  const first = clipia.generations.create("clipia-image-1", body, { idempotencyKey: "order-1" });
  const second = clipia.generations.create("clipia-image-1", body, { idempotencyKey: "order-1", maxRetries: 0 });
  await expect(second).rejects.toBeInstanceOf(ConflictError); // idempotency_request_in_progress
  expect((await first).status).toBe("queued");

  sandbox.injectFault({ path: "/v1/account", network_error: true });
  await expect(clipia.account.retrieve({ maxRetries: 0 })).rejects.toBeInstanceOf(APIConnectionError);
});
