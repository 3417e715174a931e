import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "./run-cli.js";

// The README's quick start runs `pnpm start` (scripts/start.mjs): the terminal shows the
// sandbox's banner and errors, never the build's log (issue 21: it printed ~42 lines of it).

const START = fileURLToPath(new URL("../../../../scripts/start.mjs", import.meta.url));
let child: ReturnType<typeof spawn> | undefined;

beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => {
  child?.kill("SIGTERM");
});

describe("pnpm start (scripts/start.mjs)", () => {
  it("prints the banner first and at most one line about building, and serves the sandbox", async () => {
    child = spawn(process.execPath, [START, "--", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child?.stdout?.on("data", () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child?.once("exit", (code) => reject(new Error(`start exited (${code}) before its banner; stderr: ${err}`)));
    });
    expect(out.split("\n")[0]).toMatch(/^Clipia sandbox listening on http:\/\/127\.0\.0\.1:\d+$/);
    // Built already (beforeAll): nothing, or the one progress line when another input is newer.
    expect(err).toMatch(/^(building the sandbox… done in [\d.]+ s\n)?$/);
    expect(out).not.toMatch(/tsup|ESM|CJS|DTS|Build success/);
    const answer = await fetch(`${url}/v1/models`, { headers: { authorization: "Bearer clipia_test_x" } });
    expect(answer.status).toBe(401);
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child?.once("exit", resolve));
    expect(code).toBe(0);
  }, 120_000);
});
