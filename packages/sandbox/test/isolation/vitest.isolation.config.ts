import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The two suite files that parallel-files.test.ts runs in a child vitest, in parallel workers,
// against one sandbox server. Package names resolve to the sources, as in the root config.
const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@clipia\/sandbox\/node$/, replacement: src("../../src/node/index.ts") },
      { find: /^@clipia\/sandbox$/, replacement: src("../../src/index.ts") },
    ],
  },
  test: {
    root: src("./suites"),
    include: ["*.suite.ts"],
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
