import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";
import { sandboxSuite } from "./sandbox-suite.js";

sandboxSuite("the SDK against the sandbox under MSW (setupServer, global fetch)", async () => {
  const sandbox = createSandbox();
  const server = setupServer(...sandbox.handlers);
  server.listen({ onUnhandledRequest: "error" });
  return { control: sandbox, options: {}, close: () => server.close() };
});
