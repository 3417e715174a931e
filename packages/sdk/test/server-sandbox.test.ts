import { connectSandbox } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import { sandboxSuite } from "./sandbox-suite.js";

sandboxSuite("the SDK against the sandbox server (startSandboxServer, port 0, over TCP)", async () => {
  const server = await startSandboxServer({ port: 0 });
  return { control: connectSandbox(server.url), options: { baseUrl: server.url }, close: () => server.close() };
});
