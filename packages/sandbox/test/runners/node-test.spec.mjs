// The sandbox's MSW handlers and the SDK under node:test (ESM, the packed packages).
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import Clipia, { GenerationFailedError, RateLimitError } from "@clipia/sdk";
import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";

const sandbox = createSandbox();
const server = setupServer(...sandbox.handlers);

before(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => sandbox.resetAll());
after(() => server.close());

test("a test key's output is the fixed sample, whatever the input", async () => {
  const clipia = new Clipia({ apiKey: sandbox.keys.test });
  const a = await clipia.subscribe("flux-2-pro", { input: { prompt: "node:test", seed: 7 } });
  const b = await clipia.subscribe("flux-2-pro", { input: { prompt: "something else" } });
  assert.equal(a.status, "COMPLETED");
  assert.equal(a.output.images[0].url, b.output.images[0].url);
});

test("a forced FAILED outcome ends in GenerationFailedError", async () => {
  sandbox.forceOutcome({ outcome: "FAILED", account_id: sandbox.account.account_id });
  const clipia = new Clipia({ apiKey: sandbox.keys.test, logLevel: "off" });
  await assert.rejects(clipia.subscribe("kling-3", { input: { prompt: "x" } }), GenerationFailedError);
});

test("a live generation completes when its account's clock is advanced", async () => {
  const { account, keys } = sandbox.createAccount();
  const live = new Clipia({ apiKey: keys.live });
  const submitted = await live.queue.submit("seedance-2-fast-t2v", { input: { prompt: "x", duration: 5 } });
  assert.equal(submitted.status, "IN_QUEUE");
  assert.equal((await live.queue.result(submitted.request_id)).pending, true);
  sandbox.advanceClock(120_000, { account_id: account.account_id });
  const result = await live.queue.result(submitted.request_id);
  assert.equal(result.pending, false);
  assert.equal(result.status, "COMPLETED");
});

test("an injected 429 carries Retry-After", async () => {
  sandbox.injectFault({ path: "/v1/models", status: 429, retry_after: 3 });
  const clipia = new Clipia({ apiKey: sandbox.keys.test, maxRetries: 0, logLevel: "off" });
  await assert.rejects(clipia.models.list(), (error) => error instanceof RateLimitError && error.retryAfter === 3);
});
