import { defineConfig } from "vitest/config";

// The example suite resolves @clipia/sdk and @clipia/sandbox like an application would: through
// node_modules (the workspace links), to the built packages.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    setupFiles: ["./setup.ts"],
  },
});
