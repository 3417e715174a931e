// Every exit code, each produced against the sandbox server (its control plane makes the
// failures): the code, and the one error line on stderr with status, code and message.
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Clipia } from "@clipia/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, json, sandboxServer } from "./harness.js";

let h: Awaited<ReturnType<typeof sandboxServer>>;
let dir: string;
beforeAll(async () => {
  h = await sandboxServer();
  dir = await mkdtemp(join(tmpdir(), "clipia-cli-exit-"));
});
afterAll(() => h?.close());

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type Setup = () =>
  | Promise<{ args: string[]; env?: Record<string, string> }>
  | { args: string[]; env?: Record<string, string> };

interface Case {
  code: number;
  name: string;
  setup: Setup;
  /** What the stderr line says (the last line of stderr). */
  line: RegExp;
  /** stdout: empty unless a document is expected (a failed generation prints its result). */
  stdout?: (doc: any) => void;
}

const prompt = ["--set", "prompt=a fox"];

const CASES: Case[] = [
  {
    code: 0,
    name: "success",
    setup: () => ({ args: ["account"], env: h.account().env() }),
    line: /^$/,
    stdout: (doc) => expect(doc.account_id).toMatch(/^acc_/),
  },
  {
    code: 1,
    name: "--download into a path that cannot be a directory",
    setup: async () => {
      const file = join(dir, "a-file");
      await writeFile(file, "");
      return {
        args: ["generate", "nano-banana-2", ...prompt, "--download", join(file, "out")],
        env: h.account().env(),
      };
    },
    line: /^clipia: cannot create .*a-file\/out: (ENOTDIR|EEXIST)$/,
  },
  {
    code: 2,
    name: "unknown command",
    setup: () => ({ args: ["generat", "x"] }),
    line: /^clipia: unknown command 'generat' \(see 'clipia --help'\)$/,
  },
  {
    code: 2,
    name: "unknown option",
    setup: () => ({ args: ["account", "--nope"] }),
    line: /^clipia: unknown option '--nope' \(see 'clipia account --help'\)$/,
  },
  {
    code: 2,
    name: "an unknown option before any command",
    setup: () => ({ args: ["--nope"] }),
    line: /^clipia: unknown option '--nope' \(see 'clipia --help'\)$/,
  },
  {
    code: 2,
    name: "an option without its value",
    setup: () => ({ args: ["account", "--key"] }),
    line: /^clipia: option '--key' needs a value \(see 'clipia account --help'\)$/,
  },
  {
    code: 2,
    name: "a value for a flag",
    setup: () => ({ args: ["account", "--json=yes"] }),
    line: /^clipia: option '--json' takes no value \(see 'clipia account --help'\)$/,
  },
  {
    code: 2,
    name: "an option of another command",
    setup: () => ({ args: ["status", "x", "--wait"] }),
    line: /^clipia: 'clipia status' takes no option '--wait' \(see 'clipia status --help'\)$/,
  },
  {
    code: 2,
    name: "missing argument",
    setup: () => ({ args: ["wait"] }),
    line: /^clipia: missing <id> \(see 'clipia wait --help'\)$/,
  },
  {
    code: 2,
    name: "too many arguments",
    setup: () => ({ args: ["account", "extra"] }),
    line: /unexpected argument 'extra'/,
  },
  {
    code: 2,
    name: "--input that is not JSON",
    setup: () => ({ args: ["estimate", "kling-3", "--input", "{prompt"], env: h.account().env() }),
    line: /--input is not valid JSON/,
  },
  {
    code: 2,
    name: "--input that is not an object",
    setup: () => ({ args: ["estimate", "kling-3", "--input", "[1]"], env: h.account().env() }),
    line: /--input must be a JSON object/,
  },
  {
    code: 2,
    name: "--input @file that does not exist",
    setup: () => ({ args: ["estimate", "kling-3", "--input", "@/nonexistent.json"], env: h.account().env() }),
    line: /cannot read \/nonexistent\.json: ENOENT/,
  },
  {
    code: 2,
    name: "a bad --timeout",
    setup: () => ({ args: ["wait", "x", "--timeout", "soon"], env: h.account().env() }),
    line: /--timeout must be a duration/,
  },
  {
    code: 2,
    name: "a --poll-interval under 100ms",
    setup: () => ({ args: ["wait", "x", "--poll-interval", "10ms"], env: h.account().env() }),
    line: /--poll-interval must be at least 100ms/,
  },
  {
    code: 2,
    name: "a bad --auth-scheme",
    setup: () => ({ args: ["account", "--auth-scheme", "basic"], env: h.account().env() }),
    line: /--auth-scheme must be bearer, key or x-api-key/,
  },
  {
    code: 2,
    name: "an http --base-url off loopback (never contacted)",
    setup: () => ({ args: ["account", "--base-url", "http://example.com"], env: h.account().env() }),
    line: /baseUrl must be https/,
  },
  {
    code: 3,
    name: "no key",
    setup: () => ({ args: ["account"], env: { CLIPIA_BASE_URL: h.url } }),
    line: /^clipia: no API key: set CLIPIA_API_KEY \(or CLIPIA_KEY\), or pass --key$/,
  },
  {
    code: 3,
    name: "a malformed key",
    setup: () => ({ args: ["account"], env: { CLIPIA_BASE_URL: h.url, CLIPIA_API_KEY: "sk-nope" } }),
    line: /must be clipia_live_… or clipia_test_…/,
  },
  {
    code: 3,
    name: "an unknown key (401)",
    setup: () => ({ args: ["account"], env: { CLIPIA_BASE_URL: h.url, CLIPIA_KEY: "clipia_test_unknownunknown" } }),
    line: /^clipia: 401 invalid_api_key: .+/,
  },
  {
    code: 3,
    name: "a revoked key (401)",
    setup: () => {
      const a = h.account();
      const key = h.sandbox.createKey(a.accountId, { name: "revoked", environment: "test" });
      h.sandbox.revokeKey(key.id);
      return { args: ["key"], env: a.env(key.secret) };
    },
    line: /^clipia: 401 invalid_api_key: .*revoked/i,
  },
  {
    code: 4,
    name: "the read-only key submits (403)",
    setup: () => {
      const a = h.account();
      return { args: ["generate", "nano-banana-2", ...prompt], env: a.env(a.keys.test_read_only) };
    },
    line: /^clipia: 403 insufficient_scope: .+/,
  },
  {
    code: 4,
    name: 'a key with scopes ["read"] submits (403)',
    setup: () => {
      const a = h.account();
      const key = h.sandbox.createKey(a.accountId, { name: "reader", environment: "live", scopes: ["read"] });
      return { args: ["generate", "kling-3", "--input", '{"prompt":"x"}'], env: a.env(key.secret) };
    },
    line: /^clipia: 403 insufficient_scope: .+/,
  },
  {
    code: 5,
    name: "no credits (402)",
    setup: () => {
      const a = h.account(0);
      return { args: ["generate", "sora-2", ...prompt], env: a.env(a.keys.live) };
    },
    line: /^clipia: 402 insufficient_credits: .+/,
  },
  {
    code: 6,
    name: "an unknown request (404)",
    setup: () => ({ args: ["status", "00000000-0000-4000-8000-000000000000"], env: h.account().env() }),
    line: /^clipia: 404 not_found: .+/,
  },
  {
    code: 6,
    name: "an unknown model (404)",
    setup: () => ({ args: ["generate", "no-such-model", ...prompt], env: h.account().env() }),
    line: /^clipia: 404 not_found: .+/,
  },
  {
    code: 7,
    name: "a missing required field (422)",
    setup: () => ({ args: ["generate", "kling-3", "--set", "duration=10"], env: h.account().env() }),
    line: /^clipia: 422 model_input_invalid: .*prompt/,
  },
  {
    code: 7,
    name: "a value outside the enum (422)",
    setup: () => ({ args: ["estimate", "kling-3", ...prompt, "--set", "resolution=240p"], env: h.account().env() }),
    line: /^clipia: 422 model_input_invalid: .*resolution/,
  },
  {
    code: 7,
    name: "an http webhook off loopback (400)",
    setup: () => ({
      args: ["generate", "kling-3", ...prompt, "--webhook", "http://example.com/h"],
      env: h.account().env(),
    }),
    line: /^clipia: 400 invalid_request: .*webhook_url/,
  },
  {
    code: 7,
    name: "a --set value of the wrong type (checked locally)",
    setup: () => ({ args: ["estimate", "kling-3", ...prompt, "--set", "duration=ten"], env: h.account().env() }),
    line: /^clipia: --set duration: expected an integer, got 'ten'$/,
  },
  {
    code: 7,
    name: "an idempotency key reused with another body (409)",
    setup: async () => {
      const a = h.account();
      await cli(["generate", "nano-banana-2", ...prompt, "--idempotency-key", "order-1"], { env: a.env() });
      return {
        args: ["generate", "nano-banana-2", "--set", "prompt=another", "--idempotency-key", "order-1"],
        env: a.env(),
      };
    },
    line: /^clipia: 409 idempotency_key_reuse: .+/,
  },
  {
    code: 8,
    name: "rate limited (429) after the retries",
    setup: () => {
      const a = h.account();
      h.sandbox.injectFault({ path: "/v1/account", status: 429, count: 3, retry_after: 0, account_id: a.accountId });
      return { args: ["account"], env: a.env() };
    },
    line: /^clipia: 429 rate_limit_exceeded: .+ \(retry after 0 s\)$/,
  },
  {
    code: 9,
    name: "a server error (503) after the retries",
    setup: () => {
      const a = h.account();
      h.sandbox.injectFault({ path: "/v1/key", status: 503, count: 3, retry_after: 0, account_id: a.accountId });
      return { args: ["key"], env: a.env() };
    },
    line: /^clipia: 503 service_unavailable: .+/,
  },
  {
    code: 9,
    name: "no server at all",
    setup: async () => ({
      args: ["models", "--max-retries", "0"],
      env: { ...h.account().env(), CLIPIA_BASE_URL: `http://127.0.0.1:${await closedPort()}` },
    }),
    line: /^clipia: connection error: Could not reach 127\.0\.0\.1:\d+ for GET \/v1\/models/,
  },
  {
    code: 10,
    name: "a generation that fails",
    setup: () => {
      const a = h.account();
      h.sandbox.forceOutcome({ outcome: "FAILED", account_id: a.accountId });
      return { args: ["generate", "nano-banana-2", ...prompt, "--wait"], env: a.env() };
    },
    line: /^clipia: FAILED GENERATION_FAILED: request [0-9a-f-]{36}: .+/,
    stdout: (doc) =>
      expect(doc).toMatchObject({ status: "FAILED", output: null, error: { code: "GENERATION_FAILED" } }),
  },
  {
    code: 10,
    name: "the result of a canceled generation",
    setup: async () => {
      const a = h.account();
      const live = new Clipia({ apiKey: a.keys.live, baseUrl: h.url, logLevel: "off" });
      const { request_id } = await live.queue.submit("kling-3", { input: { prompt: "x" } });
      h.sandbox.cancelRequest(request_id);
      return { args: ["result", request_id], env: a.env(a.keys.live) };
    },
    line: /^clipia: CANCELED GENERATION_CANCELED: request [0-9a-f-]{36}: .+/,
    stdout: (doc) => expect(doc).toMatchObject({ status: "CANCELED", error: { code: "GENERATION_CANCELED" } }),
  },
  {
    code: 10,
    name: "waiting for a canceled generation",
    setup: async () => {
      const a = h.account();
      const live = new Clipia({ apiKey: a.keys.live, baseUrl: h.url, logLevel: "off" });
      const { request_id } = await live.queue.submit("kling-3", { input: { prompt: "x" } });
      h.sandbox.cancelRequest(request_id);
      return { args: ["wait", request_id], env: a.env(a.keys.live) };
    },
    line: /^clipia: CANCELED GENERATION_CANCELED: .+/,
    stdout: (doc) => expect(doc.status).toBe("CANCELED"),
  },
  {
    code: 11,
    name: "--timeout passes while waiting",
    setup: () => {
      const a = h.account();
      return {
        args: ["generate", "kling-3", ...prompt, "--wait", "--timeout", "300ms", "--poll-interval", "100ms"],
        env: a.env(a.keys.live),
      };
    },
    line: /^clipia: timeout: Request [0-9a-f-]{36} was not final after 300 ms\.$/,
  },
];

describe.concurrent("exit codes", () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.name}`, async () => {
      const { args, env } = await c.setup();
      const run = await cli(args, { env });
      expect(run.code, run.stderr).toBe(c.code);
      const lines = run.stderr.split("\n").filter(Boolean);
      // One error line (after any progress lines of a wait).
      expect(lines.filter((line) => !/^clipia: (submitted request|request \S+: IN_)/.test(line))).toHaveLength(
        c.code === 0 ? 0 : 1,
      );
      expect(lines.at(-1) ?? "").toMatch(c.line);
      if (c.stdout) c.stdout(json(run));
      else expect(run.stdout).toBe("");
    });
  }
});
