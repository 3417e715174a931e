// How the input reaches the API: --input (inline, @file, stdin), --set typed from the model's
// input_schema, --webhook, --idempotency-key, and the ways to pass the credentials.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, json, sandboxServer } from "./harness.js";

let h: Awaited<ReturnType<typeof sandboxServer>>;
let dir: string;
beforeAll(async () => {
  h = await sandboxServer();
  dir = await mkdtemp(join(tmpdir(), "clipia-cli-input-"));
  await writeFile(join(dir, "input.json"), JSON.stringify({ prompt: "from a file", duration: 10 }));
});
afterAll(() => h?.close());

/** Submits with a fresh account's test key; resolves the input the sandbox stored. */
async function submitted(args: string[], stdin?: string) {
  const a = h.account();
  const run = await cli(["generate", ...args], { env: a.env(), stdin, cwd: dir });
  expect(run.code, run.stderr).toBe(0);
  const [request] = a.requests();
  expect(request!.request_id).toBe(json(run).request_id);
  return request!;
}

describe.concurrent("the input", () => {
  it.for([
    {
      name: "--input inline JSON",
      args: ["kling-3", "--input", '{"prompt":"inline","duration":10}'],
      input: { prompt: "inline", duration: 10 },
    },
    {
      name: "--input @file",
      args: ["kling-3", "--input", "@input.json"],
      input: { prompt: "from a file", duration: 10 },
    },
    {
      name: "--input - (stdin)",
      args: ["kling-3", "-i", "-"],
      stdin: '{"prompt":"from stdin"}',
      input: { prompt: "from stdin" },
    },
    {
      name: "--set typed from input_schema: integer, boolean, string, over --input",
      args: [
        "kling-3",
        "--input",
        '{"prompt":"x","duration":5}',
        "--set",
        "duration=10",
        "--set",
        "generate_audio=yes",
        "-s",
        "seed=7",
        "--set",
        "aspect_ratio=9:16",
        "--set",
        "prompt=a=b",
      ],
      input: { prompt: "a=b", duration: 10, generate_audio: true, seed: 7, aspect_ratio: "9:16" },
    },
    {
      name: "--set of an array: a,b then appended; JSON keeps commas",
      args: [
        "nano-banana-2",
        "--set",
        "prompt=x",
        "--set",
        "image_urls=https://a.test/1.png,https://a.test/2.png",
        "--set",
        'image_urls=["https://a.test/3,4.png"]',
        "--set",
        "num_images=2",
      ],
      input: {
        prompt: "x",
        image_urls: ["https://a.test/1.png", "https://a.test/2.png", "https://a.test/3,4.png"],
        num_images: 2,
      },
    },
  ])("$name", async ({ args, stdin, input }) => {
    // The sandbox stores the input with the defaults filled in.
    expect((await submitted(args, stdin)).input).toMatchObject(input);
  });

  it("--webhook is sent as webhook_url", async () => {
    const request = await submitted(["flux-2-pro", "--set", "prompt=x", "--webhook", "http://127.0.0.1:9/hooks"]);
    expect(request.webhook_url).toBe("http://127.0.0.1:9/hooks");
  });

  it("--idempotency-key: the same key and body give the same request, queued once", async () => {
    const a = h.account();
    const args = ["generate", "nano-banana-2", "--set", "prompt=x", "--idempotency-key", "order-42"];
    const first = json(await cli(args, { env: a.env() }));
    const second = json(await cli(args, { env: a.env() }));
    expect(second.request_id).toBe(first.request_id);
    expect(a.requests()).toHaveLength(1);
  });
});

describe.concurrent("credentials and transport options", () => {
  it.for([
    { name: "CLIPIA_KEY when CLIPIA_API_KEY is unset", env: (k: string) => ({ CLIPIA_KEY: k }), args: [] as string[] },
    { name: "--auth-scheme key", env: (k: string) => ({ CLIPIA_API_KEY: k }), args: ["--auth-scheme", "key"] },
    {
      name: "--auth-scheme x-api-key",
      env: (k: string) => ({ CLIPIA_API_KEY: k }),
      args: ["--auth-scheme", "x-api-key"],
    },
    {
      name: "--base-url over CLIPIA_BASE_URL",
      env: (k: string) => ({ CLIPIA_API_KEY: k, CLIPIA_BASE_URL: "http://127.0.0.1:1" }),
      args: ["--base-url", "<url>"],
    },
  ])("$name", async ({ env, args }) => {
    const a = h.account();
    const run = await cli(["account", ...args.map((arg) => (arg === "<url>" ? h.url : arg))], {
      env: { CLIPIA_BASE_URL: h.url, ...env(a.keys.test) },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(json(run).account_id).toBe(a.accountId);
  });
});
