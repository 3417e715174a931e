import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll } from "vitest";
import { gatewaySuite } from "./openai-suite.js";

// Over HTTP: the Node server on an ephemeral port; the stream arrives as chunked writes.
let server: SandboxServer | undefined;
afterAll(async () => {
  await server?.close();
});

gatewaySuite("over HTTP, the Node server", async () => {
  server = await startSandboxServer({ port: 0 });
  return { baseURL: `${server.url}/v1`, sandbox: server.sandbox };
});
