// CommonJS smoke test of the packed tarballs: require() of every entry point.
const assert = require("node:assert/strict");
const { Clipia, NotFoundError, verifyWebhook } = require("@clipia/sdk");
const { createSandbox } = require("@clipia/sandbox");
const { startSandboxServer } = require("@clipia/sandbox/node");

(async () => {
  assert.equal(typeof verifyWebhook, "function");
  assert.equal(typeof createSandbox, "function");
  const server = await startSandboxServer({ port: 0 });
  try {
    const clipia = new Clipia({ apiKey: server.sandbox.keys.test, baseUrl: server.url, authScheme: "x-api-key" });
    const page = await clipia.models.list();
    assert.ok(page.data.length >= 4);
    await assert.rejects(clipia.models.retrieve("no-such-model"), NotFoundError);
  } finally {
    await server.close();
  }
  console.log("cjs smoke: ok");
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
