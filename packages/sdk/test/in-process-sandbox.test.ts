import { contractFetch } from "@clipia/contract";
import { createSandbox } from "@clipia/sandbox";
import { sandboxSuite } from "./sandbox-suite.js";

// Every request the SDK sends and every answer it reads are also checked against openapi.yaml.
sandboxSuite("the SDK against the sandbox in process (sandbox.fetch, contract-checked)", async () => {
  const sandbox = createSandbox();
  return {
    control: sandbox,
    options: {
      fetch: contractFetch((request: Request, init?: RequestInit) => sandbox.fetch(request, init), {
        validateRequests: true,
      }),
    },
  };
});
