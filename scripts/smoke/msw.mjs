// MSW smoke test of the packed sandbox with whichever msw the project installed (2 or 3):
// setupServer(...sandbox.handlers), the SDK on its default base URL, a handler added with
// server.use() winning over the sandbox, and a network_error fault surfacing as a network error.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import Clipia, { APIConnectionError, NotFoundError } from "@clipia/sdk";
import { createSandbox } from "@clipia/sandbox";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

const mswVersion = createRequire(import.meta.url)("msw/package.json").version;
const sandbox = createSandbox();
const server = setupServer(...sandbox.handlers);
server.listen({ onUnhandledRequest: "error" });
try {
  const clipia = new Clipia({ apiKey: sandbox.keys.test, logLevel: "off" }); // https://api.clipia.ai
  const video = await clipia.run("clipia-video-1", { input: { prompt: "msw smoke" } });
  assert.equal(video.status, "completed");
  await assert.rejects(clipia.generations.retrieve("gen_missing"), NotFoundError);

  // The second default base URL (the local sandbox's) is intercepted too.
  const local = new Clipia({ apiKey: sandbox.keys.live, baseUrl: "http://127.0.0.1:4010", logLevel: "off" });
  assert.equal((await local.account.retrieve()).balance_credits, 1000);

  server.use(http.get("https://api.clipia.ai/v1/account", () => HttpResponse.json({ overridden: true })));
  assert.deepEqual({ ...(await clipia.account.retrieve()) }, { overridden: true });
  server.resetHandlers();

  sandbox.injectFault({ path: "/v1/account", network_error: true });
  await assert.rejects(clipia.account.retrieve({ maxRetries: 0 }), APIConnectionError);
  assert.equal((await clipia.account.retrieve()).object, "account");
} finally {
  server.close();
}
console.log(`msw ${mswVersion} smoke (node ${process.version}): ok`);
