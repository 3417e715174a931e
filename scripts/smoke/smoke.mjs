// ESM smoke test of the packed tarballs: the server subpath, the SDK, a test generation,
// a typed error, and the MSW handlers, all through the packages' public entry points.
import assert from "node:assert/strict";
import Clipia, { AuthenticationError, InsufficientScopeError } from "@clipia/sdk";
import { createSandbox } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import { setupServer } from "msw/node";

const server = await startSandboxServer({ port: 0 });
try {
  const { keys } = server.sandbox;
  const clipia = new Clipia({ apiKey: keys.test, baseUrl: server.url });
  const account = await clipia.account.retrieve();
  assert.equal(account.object, "account");
  const generation = await clipia.run("clipia-video-1", { input: { prompt: "smoke" } });
  assert.equal(generation.status, "completed");
  assert.equal(generation.cost_credits, 0);
  await assert.rejects(
    new Clipia({ apiKey: keys.test_read_only, baseUrl: server.url }).generations.create("clipia-video-1", { input: { prompt: "x" } }),
    InsufficientScopeError,
  );
} finally {
  await server.close();
}

const sandbox = createSandbox();
const msw = setupServer(...sandbox.handlers);
msw.listen({ onUnhandledRequest: "error" });
try {
  const clipia = new Clipia({ apiKey: sandbox.keys.live });
  assert.equal((await clipia.account.retrieve()).environment, "live");
  const unknown = `clipia_live_${"a".repeat(30)}000000`;
  await assert.rejects(new Clipia({ apiKey: unknown }).account.retrieve(), AuthenticationError);
} finally {
  msw.close();
}
console.log("esm smoke: ok");
