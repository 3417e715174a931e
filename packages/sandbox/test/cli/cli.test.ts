import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINTED_KEY } from "../support/wire.js";
import { CLI, ensureBuilt, type ReadyLine, startCli, startJson, type RunningCli } from "./run-cli.js";

const run = promisify(execFile);
const started: RunningCli[] = [];
let dir: string;
const curlInstalled = await run("sh", ["-c", "command -v curl"]).then(
  () => true,
  () => false,
);

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
const post = (url: string, key: string, body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { ...bearer(key), "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("clipia-sandbox CLI", () => {
  it("--json prints the one ready line of SPEC §5.1, whose keys work as documented; SIGTERM exits 0", async () => {
    const { cli, ready } = await json();
    expect(Object.keys(ready)).toEqual(["url", "console_url", "account", "keys", "webhook_secret"]);
    expect(Object.keys(ready.account)).toEqual(["account_id", "balance"]);
    expect(Object.keys(ready.account.balance)).toEqual(["credits"]);
    expect(Object.keys(ready.keys)).toEqual(["live", "test", "test_read_only"]);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.console_url.startsWith(`${ready.url}/`)).toBe(true);
    for (const key of Object.values(ready.keys)) expect(key).toMatch(MINTED_KEY);
    expect(ready.keys.live.startsWith("clipia_live_")).toBe(true);
    expect(ready.webhook_secret).toMatch(/^whsec_/);

    const account = await fetch(`${ready.url}/v1/account`, { headers: bearer(ready.keys.live) });
    expect(account.status).toBe(200);
    expect(await account.json()).toMatchObject({
      account_id: ready.account.account_id,
      balance: ready.account.balance,
    });
    const page = await fetch(ready.console_url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);

    const denied = await post(`${ready.url}/v1/models/nano-banana-2`, ready.keys.test_read_only, {
      input: { prompt: "a kite" },
    });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: "insufficient_scope" } });

    expect(cli.stdout().trim().split("\n")).toHaveLength(1);
    expect(await cli.stop()).toBe(0);
  });

  it("--help prints usage and exits 0", async () => {
    const { stdout } = await run(process.execPath, [CLI, "--help"]);
    for (const flag of ["--port", "--host", "--seed", "--state", "--deterministic", "--json", "--help"])
      expect(stdout).toContain(flag);
  });

  // One line in the shape of the SDK's `clipia` CLI: lower case, values in single quotes, the help.
  it.each([
    [["--nope"], "unknown option '--nope'"],
    [["--port"], "option '--port' needs a value"],
    [["--json=yes"], "option '--json' takes no value"],
    [["--port", "http"], "--port must be an integer from 0 to 65535 (got 'http')"],
    [["--port", "70000"], "--port must be an integer from 0 to 65535 (got '70000')"],
    [["--seed", "-1"], "option '--seed' needs a value"],
    [["extra-positional"], "unexpected argument 'extra-positional'"],
  ])("bad arguments %j: one line on stderr with the usage hint, exit 2", async (args, message) => {
    const cli = startCli(args);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toMatch(/^clipia-sandbox: \S/);
    expect(cli.stderr()).toBe(`clipia-sandbox: ${message} (see 'clipia-sandbox --help')\n`);
    expect(cli.stdout()).toBe("");
  });

  it("verify's usage errors have the same shape", async () => {
    const cli = startCli(["verify", "--nope"]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toBe("clipia-sandbox: unknown option '--nope' (see 'clipia-sandbox verify --help')\n");
  });

  it.skipIf(!curlInstalled)(
    "the banner shows the URL, the console, each key, the webhook secret, and curl lines that work as printed (skipped when curl is not installed)",
    async () => {
      const cli = startCli(["--port", "0", "--seed", "11"]);
      started.push(cli);
      const banner = await cli.waitFor("Press Ctrl+C");
      const { ready } = await json(["--seed", "11"]);
      for (const key of Object.values(ready.keys)) expect(banner).toContain(key);
      expect(banner).toContain(ready.webhook_secret);
      expect(banner).toContain(ready.account.account_id);
      expect(banner).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\S*/);

      const curlLines = banner
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.startsWith("curl "));
      expect(curlLines.length).toBeGreaterThan(0);
      for (const line of curlLines) {
        const { stdout } = await run("sh", ["-c", line], { timeout: 10_000 });
        const answer = JSON.parse(stdout);
        expect(answer.error, `${line}\n${stdout}`).toBeUndefined();
        if (line.includes("/v1/models/"))
          expect(answer).toMatchObject({ status: "COMPLETED", request_id: expect.any(String) });
      }
    },
  );

  it("--state keeps a created key, a balance and a request across a restart, and never stores the key's secret", async () => {
    const state = join(dir, "state.json");
    const first = await json(["--state", state]);
    const created = await post(
      `${first.ready.url}/_sandbox/accounts/${first.ready.account.account_id}/keys`,
      "unused",
      { name: "kept", environment: "live" },
    );
    expect(created.status).toBe(201);
    const { id, secret } = (await created.json()) as { id: string; secret: string };
    const submitted = (await (
      await post(`${first.ready.url}/v1/models/nano-banana-2`, secret, { input: { prompt: "kept" } })
    ).json()) as { request_id: string; cost: number };
    expect(await first.cli.stop()).toBe(0);

    const saved = await readFile(state, "utf8");
    expect(saved).toContain(id);
    expect(saved).not.toContain(secret);

    const second = await json(["--state", state]);
    expect(second.ready.keys).toEqual(first.ready.keys);
    expect(second.ready.account.balance.credits).toBe(first.ready.account.balance.credits - submitted.cost);
    const status = await fetch(`${second.ready.url}/v1/requests/${submitted.request_id}/status`, {
      headers: bearer(secret),
    });
    expect(status.status).toBe(200);
  });

  it("--state loses no acknowledged write, even when the process is killed right after the answer", async () => {
    const state = join(dir, "killed.json");
    const first = await json(["--state", state]);
    const created = await post(`${first.ready.url}/_sandbox/accounts`, "unused", { balance_credits: 4242 });
    expect(created.status).toBe(201);
    const { account } = (await created.json()) as { account: { account_id: string } };
    first.cli.child.kill("SIGKILL");
    await first.cli.exited;

    const second = await json(["--state", state]);
    const accounts = (await (await fetch(`${second.ready.url}/_sandbox/accounts`)).json()) as {
      data: Array<{ account_id: string }>;
    };
    expect(accounts.data.map((a) => a.account_id)).toContain(account.account_id);
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

  const submit = async (ready: ReadyLine) =>
    (
      (await (
        await post(`${ready.url}/v1/models/flux-2-pro`, ready.keys.test, { input: { prompt: "same" } })
      ).json()) as { request_id: string }
    ).request_id;

  it("the same --seed gives the same keys and account, and (with --deterministic) ids; another seed gives others", async () => {
    const [a, b, c] = await Promise.all([
      json(["--seed", "123", "--deterministic"]),
      json(["--seed", "123", "--deterministic"]),
      json(["--seed", "124"]),
    ]);
    expect(a.ready.keys).toEqual(b.ready.keys);
    expect(a.ready.webhook_secret).toBe(b.ready.webhook_secret);
    expect(a.ready.account.account_id).toBe(b.ready.account.account_id);
    expect(c.ready.keys.live).not.toBe(a.ready.keys.live);
    expect(await submit(a.ready)).toBe(await submit(b.ready));
  });

  it("without --deterministic, two runs of one seed give the same keys but different request ids", async () => {
    const [a, b] = await Promise.all([json(["--seed", "123"]), json(["--seed", "123"])]);
    expect(a.ready.keys).toEqual(b.ready.keys);
    expect(await submit(a.ready)).not.toBe(await submit(b.ready));
  });

  it("--deterministic ids carry on across a --state restart as if the server had never stopped", async () => {
    const state = join(dir, "deterministic.json");
    const first = await json(["--state", state, "--deterministic"]);
    const ids = [await submit(first.ready)];
    expect(await first.cli.stop()).toBe(0);
    const second = await json(["--state", state, "--deterministic"]);
    ids.push(await submit(second.ready));
    const uninterrupted = await json(["--deterministic"]);
    expect([await submit(uninterrupted.ready), await submit(uninterrupted.ready)]).toEqual(ids);
  });

  it("the default seed gives the documented default keys", async () => {
    const [plain, seeded] = await Promise.all([json(), json(["--seed", "42"])]);
    expect(plain.ready.keys).toEqual(seeded.ready.keys);
  });
});
