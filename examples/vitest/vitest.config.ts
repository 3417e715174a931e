import { defineConfig } from "vitest/config";

// The example suite an integrator would copy. It resolves @clipia/sdk and @clipia/sandbox like an
// application would: through node_modules (the workspace links), to the built packages.
// - in-process.test.ts: the sandbox in the test's own process, behind MSW's setupServer;
// - in-process-fetch.test.ts: the sandbox's core passed to the SDK as its fetch (no MSW);
// - server.test.ts: one sandbox server for the whole run (global-setup.ts), driven with connectSandbox.
// - request-log.test.ts: asserting on the request log (what the client sent, how many polls), both ways.
// Every file works in an account of its own, so the files run in parallel safely.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    globalSetup: ["./global-setup.ts"],
  },
});
