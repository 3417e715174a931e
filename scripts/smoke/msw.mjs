// MSW smoke test of the packed sandbox with whichever msw the project installed (2 or 3):
// setupServer(...sandbox.handlers) answering https://api.clipia.ai (the SDK's default base URL),
// its sample media, a handler added with server.use() winning over the sandbox, and a
// network_error fault surfacing as a connection error.
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
  const result = await clipia.subscribe("seedance-2-fast-t2v", { input: { prompt: "msw smoke" } });
  assert.equal(result.status, "COMPLETED");
  assert.ok(result.output.video.url.startsWith("https://api.clipia.ai/"), result.output.video.url);
  const video = await fetch(result.output.video.url); // the sample media, answered by the handlers
  assert.equal(video.status, 200);
  assert.ok((await video.arrayBuffer()).byteLength > 0);
  await assert.rejects(clipia.queue.status("00000000-0000-4000-8000-000000000000"), NotFoundError);

  // The second default base URL (the local sandbox's) is intercepted too.
  const local = new Clipia({ apiKey: sandbox.keys.live, baseUrl: "http://127.0.0.1:4010", logLevel: "off" });
  assert.equal((await local.account.retrieve()).balance.credits, sandbox.account.balance.credits);

  server.use(
    http.get("https://api.clipia.ai/v1/account", () =>
      HttpResponse.json({
        account_id: "overridden",
        balance: { credits: 1 },
        usage_30d: { requests: 0, credits_spent: 0 },
      }),
    ),
  );
  assert.equal((await clipia.account.retrieve()).account_id, "overridden");
  server.resetHandlers();

  sandbox.injectFault({ path: "/v1/account", network_error: true });
  await assert.rejects(clipia.account.retrieve({ maxRetries: 0 }), APIConnectionError);
  assert.equal((await clipia.account.retrieve()).account_id, sandbox.account.account_id);
} finally {
  server.close();
}
console.log(`msw ${mswVersion} smoke (node ${process.version}): ok`);
