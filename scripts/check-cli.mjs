// The packed CLI as a user runs it (node_modules/.bin/clipia-sandbox): --help, a bad flag, --json
// (its ready line, whose keys must be the default keys the root README shows), and the banner
// without --json, whose curl lines must work when pasted into a shell. Then the SDK's packed
// `clipia` CLI against that sandbox (account, estimate, generate --wait).
// Usage: node scripts/check-cli.mjs PACKED_DIR
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const dir = resolve(process.argv[2] ?? ".");
const bin = join(dir, "node_modules", ".bin", "clipia-sandbox");
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const sandboxReadme = readFileSync(new URL("../packages/sandbox/README.md", import.meta.url), "utf8");

const help = spawnSync(bin, ["--help"], { encoding: "utf8" });
assert.equal(help.status, 0);
for (const flag of ["--port", "--host", "--seed", "--state", "--json"]) {
  assert.ok(help.stdout.includes(flag), `--help mentions ${flag}`);
  assert.ok(sandboxReadme.includes(flag), `the sandbox README documents ${flag}`);
}
assert.equal(spawnSync(bin, ["--bogus"], { encoding: "utf8" }).status, 2, "an unknown flag exits 2");

/** Starts the CLI and resolves the stdout lines up to the one `ready` accepts. */
async function start(args, ready) {
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "inherit"] });
  const lines = [];
  const done = new Promise((resolveLines, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready output within 10 s:\n${lines.join("\n")}`)), 10_000);
    createInterface({ input: child.stdout }).on("line", (text) => {
      lines.push(text);
      if (ready(text, lines)) {
        clearTimeout(timer);
        resolveLines(lines);
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`clipia-sandbox exited with ${code} before it was ready:\n${lines.join("\n")}`)),
    );
  });
  try {
    return { child, lines: await done };
  } catch (error) {
    child.kill("SIGTERM");
    throw error;
  }
}

// --json: one line, the documented fields in the documented order.
{
  const { child, lines } = await start(["--json", "--port", "0"], () => true);
  try {
    const ready = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(ready), ["url", "console_url", "account", "keys", "webhook_secret"]);
    assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(ready.console_url.startsWith(ready.url), `console_url ${ready.console_url} is on the server`);
    assert.deepEqual(Object.keys(ready.keys), ["live", "test", "test_read_only"]);
    const account = await (
      await fetch(`${ready.url}/v1/account`, { headers: { "x-api-key": ready.keys.test } })
    ).json();
    assert.equal(account.account_id, ready.account.account_id);
    assert.equal(account.balance.credits, ready.account.balance.credits);
    const consolePage = await fetch(ready.console_url);
    assert.equal(consolePage.status, 200, "the console page answers");
    assert.match(consolePage.headers.get("content-type") ?? "", /text\/html/);
    // The SDK's `clipia` CLI, packed, against this sandbox (the environment a user would set).
    const clipia = (...args) => {
      const run = spawnSync(join(dir, "node_modules", ".bin", "clipia"), [...args, "--json"], {
        encoding: "utf8",
        timeout: 30_000,
        env: { ...process.env, CLIPIA_API_KEY: ready.keys.test, CLIPIA_BASE_URL: ready.url, NO_COLOR: "1" },
      });
      assert.equal(run.status, 0, `clipia ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
      return JSON.parse(run.stdout);
    };
    assert.equal(clipia("account").account_id, ready.account.account_id);
    assert.equal(
      clipia("estimate", "kling-3", "--set", "prompt=surf", "--set", "duration=10", "--set", "resolution=1080p")
        .credits,
      108,
    );
    const generated = clipia("generate", "nano-banana-2", "--set", "prompt=a red fox", "--wait");
    assert.equal(generated.status, "COMPLETED", JSON.stringify(generated));
    // The README's default keys (seed 42) are the ones the CLI prints.
    for (const [name, value] of [
      ...Object.entries(ready.keys),
      ["webhook_secret", ready.webhook_secret],
      ["account", ready.account.account_id],
    ]) {
      assert.ok(readme.includes(value), `README.md shows the default ${name}: ${value}`);
    }
  } finally {
    child.kill("SIGTERM");
  }
}

// The banner: every curl line, pasted into bash, answers JSON; an error is one the line's comment announces.
{
  const { child, lines } = await start(["--port", "0"], (text) => /Ctrl\+C/i.test(text));
  try {
    const curls = lines.map((line) => line.trim().replace(/^\$\s*/, "")).filter((line) => line.startsWith("curl "));
    assert.ok(curls.length >= 1, `the banner has a curl line:\n${lines.join("\n")}`);
    for (const line of curls) {
      const run = spawnSync("bash", ["-c", line], { encoding: "utf8", timeout: 10_000 });
      assert.equal(run.status, 0, `${line}\n${run.stderr}`);
      const body = JSON.parse(run.stdout);
      const comment = line.includes(" #") ? line.slice(line.indexOf(" #")) : "";
      if (body.error)
        assert.ok(
          comment.includes(body.error.code),
          `${line}\nanswered ${body.error.code}, which its comment does not announce`,
        );
      console.log(`  banner: ${line.slice(0, 60)}… → ${body.error ? `error ${body.error.code} (announced)` : "ok"}`);
    }
  } finally {
    child.kill("SIGTERM");
  }
}
console.log(
  "clipia-sandbox CLI ok: --help, exit 2 on a bad flag, --json ready line (console_url, the README's default keys), the banner's curl lines; clipia CLI ok: account, estimate, generate --wait",
);
