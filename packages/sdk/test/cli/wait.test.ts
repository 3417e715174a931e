// Waiting: the live progress line on a pseudo-terminal, Ctrl-C (exit 130 and the line to
// resume), and --download writing the outputs (original_url first).
import { readdir, readFile, mkdtemp } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, cliOnTty, HAS_PTY, json, sandboxServer, spawnCli, spawnCliOnTty } from "./harness.js";

let h: Awaited<ReturnType<typeof sandboxServer>>;
let dir: string;
beforeAll(async () => {
  h = await sandboxServer();
  dir = await mkdtemp(join(tmpdir(), "clipia-cli-wait-"));
});
afterAll(() => h?.close());

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe.concurrent("waiting", () => {
  it.runIf(HAS_PTY)(
    "a terminal shows a live progress line: status, queue position, progress %, elapsed; cleared before the result (skipped without `script` to make a pseudo-terminal)",
    async () => {
      const a = h.account();
      const run = spawnCliOnTty(
        ["generate", "nano-banana-2", "--set", "prompt=a fox", "--wait", "--poll-interval", "100ms"],
        { env: a.env(a.keys.live) },
      );
      await run.waitFor(/\r\x1b\[2K. {2}IN_QUEUE {2}position \d {2}\d+s {2}[0-9a-f-]{36}/);
      h.sandbox.advanceClock(3_000 + 6_000, { account_id: a.accountId }); // out of the queue, half-way through
      await run.waitFor(/\r\x1b\[2K. {2}IN_PROGRESS {2}\[#+-*\] \d+% {2}\d+s/);
      h.sandbox.advanceClock(60_000, { account_id: a.accountId });
      const { code, stdout } = await run.done;
      expect(code, stdout).toBe(0);
      // The line is erased, then the result table follows on a clean line.
      expect(stdout).toMatch(/\r\x1b\[2Krequest_id\s+[0-9a-f-]{36}\nstatus\s+COMPLETED\n/);
    },
  );

  it("without a terminal, one line per stage on stderr and the JSON result on stdout", async () => {
    const a = h.account();
    const run = spawnCli(["generate", "nano-banana-2", "--set", "prompt=a fox", "--wait", "--poll-interval", "100ms"], {
      env: a.env(a.keys.live),
    });
    await run.waitFor(/IN_QUEUE/);
    h.sandbox.advanceClock(60_000, { account_id: a.accountId });
    const done = await run.done;
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(
      new RegExp(
        `^clipia: submitted request (${ID.source})\nclipia: request \\1: IN_QUEUE \\(position \\d\\)\n(clipia: request \\1: IN_PROGRESS\n)?$`,
      ),
    );
    expect(json(done)).toMatchObject({ status: "COMPLETED", pending: false });
  });

  it("Ctrl-C stops waiting: the request id and the line to resume, exit 130; the resumed wait completes", async () => {
    const a = h.account();
    const run = spawnCli(
      [
        "generate",
        "kling-3",
        "--set",
        "prompt=waves",
        "--wait",
        "--poll-interval",
        "100ms",
        "--download",
        join(dir, "resumed"),
      ],
      {
        env: a.env(a.keys.live),
      },
    );
    const [, id] = await run.waitFor(new RegExp(`request (${ID.source}): IN_QUEUE`));
    run.child.kill("SIGINT");
    const stopped = await run.done;
    expect(stopped).toMatchObject({ code: 130, stdout: "" });
    expect(stopped.stderr).toContain(
      `clipia: stopped waiting; request ${id} keeps running. Resume with:\n  clipia wait ${id} --download ${join(dir, "resumed")}\n`,
    );

    h.sandbox.advanceClock(10 * 60_000, { account_id: a.accountId });
    const resumed = await cli(["wait", id!, "--download", join(dir, "resumed")], { env: a.env(a.keys.live) });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(json(resumed)).toMatchObject({
      request_id: id,
      status: "COMPLETED",
      files: [join(dir, "resumed", `${id}.mp4`)],
    });
  });

  it("--download saves every output as <request_id>[-n].<ext>, the bytes the media URL serves", async () => {
    const a = h.account();
    const out = join(dir, "images");
    const run = await cli(
      ["generate", "nano-banana-2", "--set", "prompt=x", "--set", "num_images=2", "--download", out],
      { env: a.env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const doc = json(run);
    expect(doc.files).toEqual([join(out, `${doc.request_id}-1.png`), join(out, `${doc.request_id}-2.png`)]);
    expect((await readdir(out)).sort()).toEqual([`${doc.request_id}-1.png`, `${doc.request_id}-2.png`]);
    const served = Buffer.from(await (await fetch(doc.output.images[0].original_url)).arrayBuffer());
    expect(served.length).toBeGreaterThan(0);
    expect(await readFile(doc.files[0])).toEqual(served);
  });

  it.runIf(HAS_PTY)(
    "result --download on a terminal: the table lists the saved file (skipped without `script` to make a pseudo-terminal)",
    async () => {
      const a = h.account();
      const submitted = json(await cli(["generate", "kling-3", "--set", "prompt=x"], { env: a.env() }));
      const out = join(dir, "video");
      const run = await cliOnTty(["result", submitted.request_id, "--download", out], { env: a.env() });
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).toContain(`saved         ${join(out, `${submitted.request_id}.mp4`)}`);
      expect(await readdir(out)).toEqual([`${submitted.request_id}.mp4`]);
    },
  );
});

describe("--download picks original_url over url", () => {
  let stub: Server;
  let base: string;
  const ID1 = "11111111-1111-4111-8111-111111111111";
  const ID2 = "22222222-2222-4222-8222-222222222222";
  beforeAll(async () => {
    // A stand-in API for two results: one with both URLs, one with url only.
    stub = createServer((req, res) => {
      const result = (id: string, output: unknown) => ({
        request_id: id,
        status: "COMPLETED",
        model: "nano-banana-2",
        output,
        error: null,
        cost: 4,
        created_at: "2026-07-01T10:00:00Z",
        completed_at: "2026-07-01T10:00:05Z",
      });
      const routes: Record<string, [number, string, string]> = {
        [`/v1/requests/${ID1}`]: [
          200,
          "application/json",
          JSON.stringify(result(ID1, { images: [{ url: `${base}/preview.webp`, original_url: `${base}/full.png` }] })),
        ],
        [`/v1/requests/${ID2}`]: [
          200,
          "application/json",
          JSON.stringify(result(ID2, { video: { url: `${base}/clip` } })),
        ],
        "/full.png": [200, "image/png", "full-quality"],
        "/clip": [200, "video/mp4", "the-video"],
      };
      const [status, type, body] = routes[req.url ?? ""] ?? [404, "text/plain", "nope"];
      res.writeHead(status, { "content-type": type }).end(body);
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => stub.once("listening", resolve));
    base = `http://127.0.0.1:${(stub.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => stub.close(resolve)));

  it.for([
    { id: ID1, file: `${ID1}.png`, bytes: "full-quality" },
    { id: ID2, file: `${ID2}.mp4`, bytes: "the-video" }, // no extension in the URL: from the content type
  ])("$file", async ({ id, file, bytes }) => {
    const out = join(dir, `stub-${id}`);
    const run = await cli(["result", id, "--download", out], {
      env: { CLIPIA_API_KEY: "clipia_test_stub", CLIPIA_BASE_URL: base },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(join(out, file), "utf8")).toBe(bytes);
  });
});
