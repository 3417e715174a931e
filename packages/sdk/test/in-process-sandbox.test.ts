import { createSandbox } from "@clipia/sandbox";
import { sandboxSuite } from "./sandbox-suite.js";

sandboxSuite("the SDK against the sandbox in process (sandbox.fetch)", async () => {
  const sandbox = createSandbox();
  return { control: sandbox, options: { fetch: (request) => sandbox.fetch(request) } };
});
