// A key given with --key (or in the environment) never appears in stdout, stderr, an error
// line, the SDK's log lines or --help: only its redacted form, clipia_test_…abcd, may.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, cliOnTty, HAS_PTY, sandboxServer } from "./harness.js";

let h: Awaited<ReturnType<typeof sandboxServer>>;
beforeAll(async () => {
  h = await sandboxServer();
});
afterAll(() => h?.close());

const WARNING =
  "clipia: warning: --key is visible to other users of this machine in the process list; prefer CLIPIA_API_KEY";
const UNKNOWN = "clipia_test_ThisKeyIsNotKnownToTheSandbox";

describe.concurrent("--key is never echoed", () => {
  it.for([
    { name: "a successful command (JSON)", args: (k: string) => ["key", "--key", k], code: 0, warns: true },
    {
      name: "with CLIPIA_LOG=debug (the SDK's log lines, masked)",
      args: (k: string) => ["account", `--key=${k}`],
      code: 0,
      warns: true,
      log: true,
    },
    {
      name: "a 401 naming the key",
      args: () => ["account", "--key", UNKNOWN],
      code: 3,
      warns: true,
      redacted: "clipia_test_…dbox",
    },
    { name: "a usage error", args: (k: string) => ["acount", "--key", k], code: 2 },
    { name: "the key passed by mistake as an argument", args: (k: string) => ["account", k, "--key", k], code: 2 },
    { name: "--help", args: (k: string) => ["generate", "--help", "--key", k], code: 0 },
    {
      name: "an option missing its value after --key",
      args: (k: string) => ["wait", "x", "--key", k, "--timeout"],
      code: 2,
    },
  ])("$name", async ({ args, code, warns, log, redacted }) => {
    const a = h.account();
    const key = a.keys.test;
    const argv = args(key);
    const secret = argv.includes(UNKNOWN) ? UNKNOWN : key;
    const run = await cli(argv, { env: { CLIPIA_BASE_URL: h.url, ...(log ? { CLIPIA_LOG: "debug" } : {}) } });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
    expect(run.stderr.includes(WARNING)).toBe(Boolean(warns));
    if (log) expect(run.stderr).toMatch(/\[clipia\] GET \/v1\/account/);
    if (redacted) expect(run.stderr).toContain(redacted);
  });

  it.runIf(HAS_PTY)(
    "on a terminal too (tables, and a failing wait; skipped without `script` to make a pseudo-terminal)",
    async () => {
      const a = h.account();
      const key = a.keys.live;
      const [table, failing] = await Promise.all([
        cliOnTty(["account", "--key", key], { env: { CLIPIA_BASE_URL: h.url } }),
        cliOnTty(["wait", "00000000-0000-4000-8000-000000000000", "--key", key], { env: { CLIPIA_BASE_URL: h.url } }),
      ]);
      expect(table.code).toBe(0);
      expect(failing.code).toBe(6);
      for (const run of [table, failing]) {
        expect(run.stdout).toContain(WARNING);
        expect(run.stdout).not.toContain(key);
      }
    },
  );

  it("a key from the environment is masked wherever it would be echoed", async () => {
    const a = h.account();
    const run = await cli(["status", a.keys.test], { env: a.env(a.keys.test) });
    expect(run.code).toBe(6);
    expect(run.stderr).not.toContain(a.keys.test);
    expect(run.stderr).toContain(`clipia_test_…${a.keys.test.slice(-4)}`);
  });
});

describe("a server that echoes the key's secret part (without its prefix)", () => {
  const KEY = "clipia_test_EchoedBackByAHostileServer42";
  const BODY = KEY.slice("clipia_test_".length);
  const LAST4 = KEY.slice(-4);
  const ID = "764cabcf-b745-4b3e-ae38-1200304cf45b";
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url === "/v1/account")
      reply(401, {
        error: { type: "authentication_error", code: "invalid_api_key", message: `unknown token ${BODY}` },
      });
    else if (req.url!.endsWith("/status"))
      reply(200, { request_id: ID, status: "FAILED", queue_position: null, progress: null, logs: [] });
    else {
      const error = { code: "GENERATION_FAILED", message: `upstream refused ${BODY}` };
      reply(200, { request_id: ID, status: "FAILED", model: "nano-banana-2", output: null, error });
    }
  });
  let url = "";
  beforeAll(async () => {
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it.for([
    {
      name: "an API error's line on stderr",
      args: ["account"],
      code: 3,
      line: `401 invalid_api_key: unknown token …${LAST4}`,
    },
    {
      name: "a failed generation's document and line",
      args: ["wait", ID],
      code: 10,
      line: `FAILED GENERATION_FAILED: request ${ID}: upstream refused …${LAST4}`,
    },
  ])("$name", async ({ args, code, line }) => {
    const run = await cli(args, { env: { CLIPIA_API_KEY: KEY, CLIPIA_BASE_URL: url } });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain(`clipia: ${line}`);
    expect(run.stdout + run.stderr).not.toContain(BODY.slice(0, -4));
  });
});
