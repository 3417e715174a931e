import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, ensureBuilt } from "../cli/run-cli.js";
import { OPENAPI } from "./drift-double.js";

const run = promisify(execFile);
let server: SandboxServer;

const OPENAPI_YAML = new URL("../../../../openapi.yaml", import.meta.url);
const OPENAPI_JSON = new URL("../../dist/openapi.json", import.meta.url);

beforeAll(async () => {
  // dist/openapi.json is built from the repository's openapi.yaml too.
  ensureBuilt([fileURLToPath(OPENAPI_YAML)]);
  server = await startSandboxServer({ port: 0 });
}, 120_000);
afterAll(() => server?.close());

/** Runs the built CLI; resolves its exit code and output (never rejects). */
async function cli(args: string[], env: Record<string, string>) {
  const result = await run(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
  return result;
}

describe("clipia-sandbox verify (the built CLI, over HTTP)", () => {
  it("ships openapi.yaml as dist/openapi.json, identical to the repository's", () => {
    expect(JSON.parse(readFileSync(OPENAPI_JSON, "utf8"))).toEqual(OPENAPI);
  });

  it("against a sandbox server: every probe agrees, exit 0, the keys never printed", async () => {
    const { keys } = server.sandbox;
    const { code, stdout, stderr } = await cli(["verify", "--base-url", server.url, "--json"], {
      CLIPIA_API_KEY: keys.test,
      CLIPIA_READ_ONLY_KEY: keys.test_read_only,
    });
    expect(stderr).toBe("");
    const report = JSON.parse(stdout);
    expect(report.probes.filter((p: { verdict: string }) => p.verdict !== "agree")).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).not.toContain(keys.test);
    expect(stdout).not.toContain(keys.test_read_only);
  });

  it("refuses a live key without --allow-live (exit 2), without printing it", async () => {
    const { code, stdout, stderr } = await cli(["verify", "--base-url", server.url], {
      CLIPIA_API_KEY: server.sandbox.keys.live,
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/live key: refused/);
    expect(stderr).not.toContain(server.sandbox.keys.live);
  });
});
