import { connectSandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll } from "vitest";
import { scriptedRepliesSuite } from "./scripted-replies-suite.js";

// Over HTTP: the Node server on an ephemeral port, scripted through connectSandbox.
let server: SandboxServer | undefined;
afterAll(async () => {
  await server?.close();
});

scriptedRepliesSuite("over HTTP, the Node server, connectSandbox", async () => {
  server = await startSandboxServer({ port: 0 });
  return { baseURL: `${server.url}/v1`, control: connectSandbox(server.url) };
});
