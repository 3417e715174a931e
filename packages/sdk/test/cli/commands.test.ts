// Every command, in both output modes: JSON (stdout piped) and human (stdout a pseudo-terminal).
import { Clipia } from "@clipia/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, cliOnTty, HAS_PTY, json, sandboxServer } from "./harness.js";

let h: Awaited<ReturnType<typeof sandboxServer>>;
let a: ReturnType<typeof h.account>;
let done: string; // a COMPLETED request (test key)
let running: string; // a live request that stays IN_PROGRESS (SLOW outcome)

beforeAll(async () => {
  h = await sandboxServer();
  a = h.account();
  const test = new Clipia({ apiKey: a.keys.test, baseUrl: h.url, logLevel: "off" });
  done = (await test.queue.submit("nano-banana-2", { input: { prompt: "a fox" } })).request_id;
  h.sandbox.forceOutcome({ outcome: "SLOW", account_id: a.accountId });
  const live = new Clipia({ apiKey: a.keys.live, baseUrl: h.url, logLevel: "off" });
  running = (await live.queue.submit("nano-banana-2", { input: { prompt: "a slow fox" } })).request_id;
});
afterAll(() => h?.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Case {
  name: string;
  args: () => string[];
  live?: boolean;
  json: (doc: any) => void;
  human: RegExp[];
}

const CASES: Case[] = [
  {
    name: "generate",
    args: () => ["generate", "nano-banana-2", "--set", "prompt=a red fox"],
    json: (doc) =>
      expect(doc).toMatchObject({
        request_id: expect.stringMatching(UUID),
        status: "COMPLETED",
        queue_position: 0,
        cost: 4,
      }),
    human: [
      /request_id\s+[0-9a-f-]{36}\n/,
      /status\s+COMPLETED/,
      /cost\s+4 credits/,
      /Its result: clipia result [0-9a-f-]{36}/,
    ],
  },
  {
    name: "submit (alias of generate), live key",
    args: () => ["submit", "flux-2-pro", "--input", '{"prompt":"a red fox"}'],
    live: true,
    json: (doc) => expect(doc).toMatchObject({ status: "IN_QUEUE", queue_position: expect.any(Number), cost: 3 }),
    human: [/status\s+IN_QUEUE/, /queue_position\s+\d/, /cost\s+3 credits/, /Wait for it: clipia wait [0-9a-f-]{36}/],
  },
  {
    name: "generate --wait",
    args: () => ["generate", "kling-3", "--set", "prompt=waves", "--wait"],
    json: (doc) =>
      expect(doc).toMatchObject({
        status: "COMPLETED",
        model: "kling-3",
        pending: false,
        output: {
          video: { url: expect.stringMatching(/\/media\/video\/1280x720-5s\.mp4$/), width: 1280, height: 720 },
        },
      }),
    human: [
      /status\s+COMPLETED/,
      /model\s+kling-3/,
      /output\s+http:\/\/127\.0\.0\.1:\d+\/media\/video\/1280x720-5s\.mp4 \(1280x720, 5 s\)/,
    ],
  },
  {
    name: "status",
    args: () => ["status", done],
    json: (doc) =>
      expect(doc).toEqual({ request_id: done, status: "COMPLETED", queue_position: null, progress: 100, logs: [] }),
    human: [/status\s+COMPLETED/, /queue_position\s+-/, /progress\s+100%/],
  },
  {
    name: "status of a running request",
    args: () => ["status", running],
    live: true,
    json: (doc) => expect(doc).toMatchObject({ request_id: running, status: expect.stringMatching(/^IN_/) }),
    human: [/status\s+IN_(QUEUE|PROGRESS)/],
  },
  {
    name: "result",
    args: () => ["result", done],
    json: (doc) =>
      expect(doc).toMatchObject({
        request_id: done,
        status: "COMPLETED",
        pending: false,
        error: null,
        output: { images: [{ width: 1024, height: 1024 }] },
      }),
    human: [
      /status\s+COMPLETED/,
      /output\s+http:\/\/127\.0\.0\.1:\d+\/media\/image\/1024x1024\.png \(1024x1024\)/,
      /completed_at\s+\d{4}-/,
    ],
  },
  {
    name: "result while pending",
    args: () => ["result", running],
    live: true,
    json: (doc) =>
      expect(doc).toMatchObject({ request_id: running, status: expect.stringMatching(/^IN_/), pending: true }),
    human: [/status\s+IN_/, /Not final yet: 'clipia wait [0-9a-f-]{36}' waits for it\./],
  },
  {
    name: "wait",
    args: () => ["wait", done],
    json: (doc) => expect(doc).toMatchObject({ request_id: done, status: "COMPLETED", pending: false }),
    human: [/request_id\s+[0-9a-f-]{36}/, /status\s+COMPLETED/],
  },
  {
    name: "estimate (--set typed from input_schema)",
    args: () => ["estimate", "kling-3", "--set", "prompt=surf", "--set", "duration=10", "--set", "resolution=1080p"],
    json: (doc) => expect(doc).toEqual({ credits: 108 }),
    human: [/model\s+kling-3/, /credits\s+108/],
  },
  {
    name: "models",
    args: () => ["models"],
    json: (doc) => {
      expect(doc.object).toBe("list");
      expect(doc.data.map((m: { id: string }) => m.id)).toEqual(
        expect.arrayContaining(["nano-banana-2", "kling-3", "sora-2", "gpt-5.5"]),
      );
    },
    human: [
      /SLUG\s+TYPE\s+CREDITS\s+CAPABILITIES\s+NAME/,
      /kling-3\s+video\s+36\s+text-to-video,image-to-video\s+Kling 3/,
      /gpt-5\.5\s+text\s+-/,
    ],
  },
  {
    name: "models <slug>",
    args: () => ["models", "kling-3"],
    json: (doc) =>
      expect(doc).toMatchObject({
        slug: "kling-3",
        type: "video",
        input_schema: { duration: { type: "integer", minimum: 4, maximum: 15 } },
      }),
    human: [
      /credits\s+36 \(default input\)/,
      /Input fields \(--set field=value\):/,
      /duration\s+integer\s+no\s+5\s+4\.\.15/,
    ],
  },
  {
    name: "models <text model>",
    args: () => ["models", "claude-sonnet-4-6"],
    json: (doc) => {
      expect(doc).toMatchObject({ id: "claude-sonnet-4-6", object: "model", canonical_slug: expect.any(String) });
      expect(doc).not.toHaveProperty("slug");
    },
    human: [/context_length\s+\d+/, /pricing\s+prompt /],
  },
  {
    name: "account",
    args: () => ["account"],
    json: (doc) =>
      expect(doc).toMatchObject({
        account_id: a.accountId,
        balance: { credits: expect.any(Number) },
        usage_30d: { requests: expect.any(Number) },
      }),
    human: [/account_id\s+acc_/, /balance\s+\d+ credits/, /requests_30d\s+\d+/],
  },
  {
    name: "key",
    args: () => ["key"],
    json: (doc) =>
      expect(doc).toMatchObject({
        usage: 0,
        limit: null,
        limit_remaining: null,
        rate_limit: { requests: 120, interval: "1m" },
      }),
    human: [/label\s+\S/, /limit\s+none/, /rate_limit\s+120 requests \/ 1m/],
  },
];

describe.concurrent("every command, JSON when stdout is not a terminal", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const run = await cli(c.args(), { env: a.env(c.live ? a.keys.live : a.keys.test) });
      expect(run.code, run.stderr).toBe(0);
      c.json(json(run));
      // Nothing but the document on stdout; nothing on stderr when all went well.
      expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^[}\]]$/);
      if (!c.args().includes("--wait")) expect(run.stderr).toBe("");
    });
  }
});

describe
  .runIf(HAS_PTY)
  .concurrent("every command, tables on a terminal (skipped without `script` to make a pseudo-terminal)", () => {
    for (const c of CASES) {
      it(c.name, async () => {
        const run = await cliOnTty(c.args(), { env: a.env(c.live ? a.keys.live : a.keys.test) });
        expect(run.code, run.stdout).toBe(0);
        for (const pattern of c.human) expect(run.stdout).toMatch(pattern);
        expect(run.stdout).not.toMatch(/^\s*[{[]/);
      });
    }

    it("--json on a terminal still prints the one JSON document", async () => {
      const run = await cliOnTty(["account", "--json"], { env: a.env() });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ account_id: a.accountId });
    });
  });

describe.concurrent("--help and --version", () => {
  it("--version prints the SDK version", async () => {
    const { VERSION } = await import("@clipia/sdk");
    expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    expect(await cli(["-v", "--json"])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it("--help lists every command, the environment and the exit codes, with an example; no key needed", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    for (const command of [
      "generate <model>",
      "status <id>",
      "result <id>",
      "wait <id>",
      "estimate <model>",
      "models [slug]",
      "account",
      "key",
    ]) {
      expect(run.stdout).toContain(`\n  ${command}`);
    }
    expect(run.stdout).toMatch(/CLIPIA_API_KEY \(or CLIPIA_KEY\)/);
    expect(run.stdout).toMatch(/Exit codes:\n\s+0 {2}success[\s\S]*\n\s+11 {2}timeout[\s\S]*\n\s+130 {2}interrupted/);
    expect(run.stdout).toMatch(/Example:\n\s+export CLIPIA_API_KEY=clipia_test_…\n\s+clipia generate/);
  });

  it.for(["generate", "submit", "status", "result", "wait", "estimate", "models", "account", "key"])(
    "%s --help has its usage and an example",
    async (command) => {
      const run = await cli([command, "--help"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: clipia ${command === "submit" ? "generate" : command}`));
      expect(run.stdout).toMatch(/\nExamples?:\n {2}clipia /);
    },
  );

  it("`clipia help <command>` is `clipia <command> --help`", async () => {
    const [flag, word] = await Promise.all([cli(["wait", "--help"]), cli(["help", "wait"])]);
    expect(word).toEqual(flag);
  });

  it("no command: the help on stderr, exit 2", async () => {
    const run = await cli([]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toContain("Usage: clipia <command>");
  });
});
