import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// SPEC §5.1 isolation: two test files running at the same time against ONE sandbox server, each
// with its own account from connectSandbox(url).createAccount(), do not see each other's faults,
// outcomes, clock or reset. The two files run in a child vitest (two workers, in parallel); a
// barrier in each makes sure they overlap.

const run = promisify(execFile);
const CONFIG = fileURLToPath(new URL("./vitest.isolation.config.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer({ port: 0, seed: 21 });
});
afterAll(() => server?.close());

describe("two vitest files in parallel against one server", () => {
  it("run side by side, each on its own account, and neither disturbs the other", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CLIPIA_SANDBOX_URL: server.url };
    delete env.VITEST_WORKER_ID;
    delete env.VITEST_POOL_ID;
    const result = await run(
      process.execPath,
      [
        fileURLToPath(new URL("../../../../node_modules/vitest/vitest.mjs", import.meta.url)),
        "run",
        "--config",
        CONFIG,
        "--reporter",
        "verbose",
      ],
      {
        cwd: ROOT,
        env,
        timeout: 60_000,
      },
    ).catch((error: { stdout?: string; stderr?: string; code?: number }) => {
      throw new Error(`the child vitest failed (exit ${error.code}):\n${error.stdout}\n${error.stderr}`);
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toContain("[a] both files are running");
    expect(output).toContain("[b] both files are running");
    expect(output).toContain("[a] done, undisturbed");
    expect(output).toContain("[b] done, undisturbed");
    expect(output).toMatch(/Test Files\s+.*2 passed/);
  }, 70_000);
});
