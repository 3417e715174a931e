// CommonJS smoke test of the packed tarballs: require() of every entry point. The SDK's CJS entry
// is the Clipia class itself, with the named exports on it, so both of these work:
//   const Clipia = require("@clipia/sdk");            new Clipia(…)
//   const { Clipia, NotFoundError } = require("@clipia/sdk");
const assert = require("node:assert/strict");
const Clipia = require("@clipia/sdk");
const { Clipia: NamedClipia, NotFoundError, verifyWebhook, APIError, ClipiaError } = require("@clipia/sdk");
const { createSandbox, connectSandbox } = require("@clipia/sandbox");
const { startSandboxServer } = require("@clipia/sandbox/node");

(async () => {
  assert.equal(typeof Clipia, "function", 'require("@clipia/sdk") is the Clipia class');
  assert.equal(NamedClipia, Clipia, "the named export Clipia is the same class");
  assert.equal(Clipia.default, Clipia, "default points at the class too (for transpiled ESM)");
  for (const [name, value] of Object.entries({ NotFoundError, verifyWebhook, APIError, ClipiaError })) {
    assert.equal(typeof value, "function", `${name} is a named export of the CJS entry`);
  }
  assert.ok(NotFoundError.prototype instanceof APIError && APIError.prototype instanceof ClipiaError, "the error tree");
  assert.equal(typeof createSandbox, "function");
  assert.equal(typeof connectSandbox, "function");
  const server = await startSandboxServer({ port: 0 });
  try {
    const clipia = new Clipia({ apiKey: server.sandbox.keys.test, baseUrl: server.url, authScheme: "x-api-key" });
    const models = await clipia.models.list();
    assert.ok(models.data.length >= 9);
    await assert.rejects(clipia.models.retrieve("no-such-model"), NotFoundError);
    const viaKeyScheme = new NamedClipia({ apiKey: server.sandbox.keys.test, baseUrl: server.url, authScheme: "key" });
    assert.equal((await viaKeyScheme.key.retrieve()).rate_limit.requests, 120);
  } finally {
    await server.close();
  }
  console.log("cjs smoke: ok");
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
