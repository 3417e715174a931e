// ESM smoke test of the packed tarballs: the server subpath, the SDK, a test request, typed
// errors, and the MSW handlers, all through the packages' public entry points.
import assert from "node:assert/strict";
import Clipia, { AuthenticationError, Clipia as NamedClipia, InsufficientScopeError } from "@clipia/sdk";
import { CATALOG, connectSandbox, createSandbox } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import { setupServer } from "msw/node";

assert.equal(Clipia, NamedClipia, "the default export is the Clipia class");
assert.ok(CATALOG.some((model) => model.slug === "nano-banana-2"));

const server = await startSandboxServer({ port: 0 });
try {
  const { keys, account } = server.sandbox;
  const clipia = new Clipia({ apiKey: keys.test, baseUrl: server.url });
  assert.equal(clipia.environment, "test");
  assert.equal((await clipia.account.retrieve()).account_id, account.account_id);
  const result = await clipia.subscribe("nano-banana-2", { input: { prompt: "smoke" } });
  assert.equal(result.status, "COMPLETED");
  assert.equal(typeof result.output?.images[0]?.url, "string");
  await assert.rejects(
    new Clipia({ apiKey: keys.test_read_only, baseUrl: server.url }).queue.submit("nano-banana-2", {
      input: { prompt: "x" },
    }),
    InsufficientScopeError,
  );
  // The control plane over HTTP: an isolated account.
  const created = await connectSandbox(server.url).createAccount({ balance_credits: 7 });
  const isolated = await new Clipia({ apiKey: created.keys.live, baseUrl: server.url }).account.retrieve();
  assert.deepEqual([isolated.account_id, isolated.balance.credits], [created.account.account_id, 7]);
} finally {
  await server.close();
}

const sandbox = createSandbox();
const msw = setupServer(...sandbox.handlers);
msw.listen({ onUnhandledRequest: "error" });
try {
  const clipia = new Clipia({ apiKey: sandbox.keys.live }); // https://api.clipia.ai, answered by MSW
  assert.equal((await clipia.account.retrieve()).balance.credits, sandbox.account.balance.credits);
  const unknown = `clipia_live_${"a".repeat(32)}`;
  await assert.rejects(new Clipia({ apiKey: unknown }).account.retrieve(), AuthenticationError);
} finally {
  msw.close();
}
console.log("esm smoke: ok");
