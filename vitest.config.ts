import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests import the packages by their public names; during the test run those names resolve to
// the sources so a change is tested without a rebuild. The packed tarballs are tested separately.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@clipia\/sdk$/, replacement: src("./packages/sdk/src/index.ts") },
      { find: /^@clipia\/sandbox\/node$/, replacement: src("./packages/sandbox/src/node/index.ts") },
      { find: /^@clipia\/sandbox$/, replacement: src("./packages/sandbox/src/index.ts") },
      { find: /^@clipia\/contract$/, replacement: src("./packages/contract/src/index.ts") },
    ],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    // Merges and prints the contract coverage (operation × status) of the run; see packages/contract.
    globalSetup: ["./packages/contract/src/report-setup.ts"],
    testTimeout: 20_000,
    // One worker per core (vitest's default leaves one core idle: a single worker on a 2-core
    // machine). Most files wait on sockets and child processes, so the cores stay busy.
    maxWorkers: availableParallelism(),
    // The files of a worker share their modules instead of loading the sandbox and the SDK afresh
    // per file: that loading was 55 of the suite's 140 s. Every file starts its own sandboxes and
    // servers, closes what it opens, and reloads its subject with vi.resetModules() after a vi.mock;
    // the guard fails a file that leaves a faked global or an environment variable changed.
    isolate: false,
    setupFiles: ["./packages/contract/src/worker-guard.ts"],
    // The fuzz tests send lower-case methods on purpose ("patch"); undici warns about that once per worker.
    execArgv: ["--disable-warning=UNDICI-FETCH-patch"],
    // The default output, then the contract coverage and one plain `N passed, N failed` line.
    reporters: ["default", "./packages/contract/src/vitest-reporter.ts"],
    typecheck: {
      enabled: true,
      include: ["packages/*/test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
