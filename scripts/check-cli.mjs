// The packed CLI as a user runs it (node_modules/.bin/clipia-sandbox): --help, a bad flag, and
// --json, whose ready line must match the default keys printed in packages/sandbox/README.md.
// Usage: node scripts/check-cli.mjs PACKED_DIR
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const dir = resolve(process.argv[2] ?? ".");
const bin = join(dir, "node_modules", ".bin", "clipia-sandbox");
const readme = readFileSync(new URL("../packages/sandbox/README.md", import.meta.url), "utf8");

const help = spawnSync(bin, ["--help"], { encoding: "utf8" });
assert.equal(help.status, 0);
for (const flag of ["--port", "--host", "--seed", "--state", "--json"]) {
  assert.ok(help.stdout.includes(flag), `--help mentions ${flag}`);
  assert.ok(readme.includes(flag), `the sandbox README documents ${flag}`);
}
assert.equal(spawnSync(bin, ["--bogus"], { encoding: "utf8" }).status, 2, "an unknown flag exits 2");

const child = spawn(bin, ["--json", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
try {
  const line = await new Promise((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error("no ready line within 10 s")), 10_000);
    createInterface({ input: child.stdout }).once("line", (text) => {
      clearTimeout(timer);
      resolveLine(text);
    });
    child.once("exit", (code) => reject(new Error(`clipia-sandbox exited with ${code} before its ready line`)));
  });
  const ready = JSON.parse(line);
  assert.deepEqual(Object.keys(ready), ["url", "account", "keys", "webhook_secret"]);
  assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const account = await (await fetch(`${ready.url}/v1/account`, { headers: { "x-api-key": ready.keys.test } })).json();
  assert.equal(account.id, ready.account.id);
  // The README's default keys (seed 42) are the ones the CLI prints.
  for (const [name, value] of [...Object.entries(ready.keys), ["webhook_secret", ready.webhook_secret], ["account", ready.account.id]]) {
    assert.ok(readme.includes(value), `packages/sandbox/README.md shows the default ${name}: ${value}`);
  }
  console.log(`clipia-sandbox CLI ok: --help, exit 2 on a bad flag, --json ready line matches the README's default keys`);
} finally {
  child.kill("SIGTERM");
}
