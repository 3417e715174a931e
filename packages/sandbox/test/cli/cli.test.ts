import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, ensureBuilt, startCli, startJson, type RunningCli } from "./run-cli.js";

const run = promisify(execFile);
const started: RunningCli[] = [];
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), "clipia-cli-"));
}, 120_000);
afterAll(async () => {
  await Promise.all(started.map((cli) => cli.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function json(args: string[] = []) {
  const result = await startJson(args);
  started.push(result.cli);
  return result;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe("clipia-sandbox CLI", () => {
  it("--json prints one ready line whose keys work as documented, and SIGTERM exits 0", async () => {
    const { cli, ready } = await json();
    expect(Object.keys(ready)).toEqual(["url", "account", "keys", "webhook_secret"]);
    expect(Object.keys(ready.account)).toEqual(["id", "name", "balance_credits"]);
    expect(Object.keys(ready.keys)).toEqual(["admin", "live", "test", "test_read_only"]);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.webhook_secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);

    const account = await fetch(`${ready.url}/v1/account`, { headers: bearer(ready.keys.live) });
    expect(account.status).toBe(200);
    expect(await account.json()).toMatchObject({ id: ready.account.id, balance_credits: ready.account.balance_credits, environment: "live" });

    const denied = await fetch(`${ready.url}/v1/models/clipia-image-1`, {
      method: "POST",
      headers: { ...bearer(ready.keys.test_read_only), "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "a kite" } }),
    });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: "insufficient_scope" } });

    expect(cli.stdout().trim().split("\n")).toHaveLength(1);
    expect(await cli.stop()).toBe(0);
  });

  it("--help prints usage and exits 0", async () => {
    const { stdout } = await run(process.execPath, [CLI, "--help"]);
    for (const flag of ["--port", "--host", "--seed", "--state", "--json", "--help"]) expect(stdout).toContain(flag);
  });

  it.each([[["--nope"]], [["--port", "http"]], [["--port", "70000"]], [["--seed", "-1"]], [["extra-positional"]]])(
    "bad arguments %j: message on stderr, usage hint, exit 2",
    async (args) => {
      const cli = startCli(args);
      expect(await cli.exited).toBe(2);
      expect(cli.stderr()).toMatch(/^clipia-sandbox: \S/);
      expect(cli.stderr()).toContain('Run "clipia-sandbox --help" for usage.');
      expect(cli.stdout()).toBe("");
    },
  );

  it("the banner shows URL, account, each key, the webhook secret, and a curl line that works", async () => {
    const cli = startCli(["--port", "0", "--seed", "11"]);
    started.push(cli);
    const banner = await cli.waitFor("Press Ctrl+C");
    const { ready } = await json(["--seed", "11"]);
    for (const key of Object.values(ready.keys)) expect(banner).toContain(key);
    expect(banner).toContain(ready.webhook_secret);
    expect(banner).toContain(ready.account.id);
    for (const label of ["admin", "live", "test", "test_read_only"]) expect(banner).toMatch(new RegExp(`^  ${label}\\s`, "m"));

    const curlLine = /^\s*(curl -s (http:\/\/127\.0\.0\.1:\d+)\/v1\/account -H "Authorization: Bearer (clipia_live_\w+)")$/m.exec(banner);
    expect(curlLine).not.toBeNull();
    expect(banner).toMatch(new RegExp(`curl .*Bearer ${ready.keys.test_read_only}`));
    const [, command, url, key] = curlLine!;
    const answer = await curlOrFetch(command!, url!, key!);
    expect(answer).toMatchObject({ object: "account", environment: "live" });

    // The second line shows the read-only key generating: copied as printed, it answers 403.
    const readOnlyLine = new RegExp(`^\\s*(curl -s \\S+/v1/models/\\S+ .*Bearer ${ready.keys.test_read_only}.*?)\\s+#`, "m").exec(banner);
    expect(readOnlyLine).not.toBeNull();
    const curlExists = await run("sh", ["-c", "command -v curl"]).then(() => true, () => false);
    if (curlExists) {
      const { stdout } = await run("sh", ["-c", readOnlyLine![1]!]);
      expect(JSON.parse(stdout)).toMatchObject({ error: { code: "insufficient_scope" } });
    }
  });

  it("--state keeps a created key across a restart and never stores its secret", async () => {
    const state = join(dir, "state.json");
    const first = await json(["--state", state]);
    const created = await fetch(`${first.ready.url}/v1/keys`, {
      method: "POST",
      headers: { ...bearer(first.ready.keys.admin), "content-type": "application/json" },
      body: JSON.stringify({ name: "kept", environment: "live" }),
    });
    const { id, secret } = (await created.json()) as { id: string; secret: string };
    expect(await first.cli.stop()).toBe(0);

    const saved = await readFile(state, "utf8");
    expect(saved).toContain(id);
    expect(saved).not.toContain(secret);

    const second = await json(["--state", state]);
    const account = await fetch(`${second.ready.url}/v1/account`, { headers: bearer(secret) });
    expect(account.status).toBe(200);
    expect(await account.json()).toMatchObject({ key: { id } });
  });

  it("a corrupt --state file: clear error, exit 1, file untouched", async () => {
    const state = join(dir, "corrupt.json");
    await writeFile(state, "{ this is not json");
    const cli = startCli(["--port", "0", "--state", state]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toMatch(/corrupt\.json.*not valid JSON/);
    expect(await readFile(state, "utf8")).toBe("{ this is not json");
  });

  it("a port in use: clear message, exit 1", async () => {
    const { ready } = await json();
    const port = new URL(ready.url).port;
    const cli = startCli(["--port", port]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toMatch(new RegExp(`Port ${port} is already in use`));
  });

  it("the same --seed gives the same keys; another seed gives others", async () => {
    const [a, b, c] = await Promise.all([json(["--seed", "123"]), json(["--seed", "123"]), json(["--seed", "124"])]);
    expect(a.ready.keys).toEqual(b.ready.keys);
    expect(a.ready.webhook_secret).toBe(b.ready.webhook_secret);
    expect(a.ready.account.id).toBe(b.ready.account.id);
    expect(c.ready.keys.live).not.toBe(a.ready.keys.live);
  });
});

/** Runs the printed curl command itself when curl exists; otherwise replays it with fetch. */
async function curlOrFetch(command: string, url: string, key: string): Promise<unknown> {
  try {
    const { stdout } = await run("sh", ["-c", command]);
    return JSON.parse(stdout);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 127) throw error;
    const response = await fetch(`${url}/v1/account`, { headers: { authorization: `Bearer ${key}` } });
    return response.json();
  }
}
