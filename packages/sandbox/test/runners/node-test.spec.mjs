// The sandbox's MSW handlers and the SDK under node:test (ESM, the packed packages).
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import Clipia, { GenerationFailedError, RateLimitError } from "@clipia/sdk";
import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";

const sandbox = createSandbox();
const server = setupServer(...sandbox.handlers);

before(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => sandbox.reset());
after(() => server.close());

test("a test generation is deterministic", async () => {
  const clipia = new Clipia({ apiKey: sandbox.keys.test });
  const body = { input: { prompt: "node:test", seed: 7 } };
  const [a, b] = [await clipia.run("clipia-image-1", body), await clipia.run("clipia-image-1", body)];
  assert.equal(a.status, "completed");
  assert.equal(a.output?.url, b.output?.url);
});

test("sandbox:fail ends failed", async () => {
  const clipia = new Clipia({ apiKey: sandbox.keys.test });
  await assert.rejects(clipia.run("clipia-video-1", { input: { prompt: "sandbox:fail" } }), GenerationFailedError);
});

test("a live generation completes when the clock is advanced", async () => {
  const live = new Clipia({ apiKey: sandbox.createAccount().keys.live });
  const created = await live.generations.create("clipia-video-1", { input: { prompt: "x", duration_seconds: 1 } });
  assert.equal(created.status, "queued");
  sandbox.advanceClock(60_000);
  assert.equal((await live.generations.retrieve(created.id)).status, "completed");
});

test("an injected 429 carries Retry-After", async () => {
  sandbox.injectFault({ path: "/v1/models", status: 429, retry_after: 3 });
  const clipia = new Clipia({ apiKey: sandbox.keys.test, maxRetries: 0, logLevel: "off" });
  await assert.rejects(clipia.models.list(), (error) => error instanceof RateLimitError && error.retryAfter === 3);
});
