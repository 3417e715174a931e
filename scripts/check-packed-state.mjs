// `npm install` of the packed tarballs into an empty project, install scripts on, as a user runs it:
// nothing native is built (better-sqlite3 is an optional peer, not installed), and
// `clipia-sandbox --state FILE` works on Node 22 with nothing else installed (built-in node:sqlite):
// it starts quietly, answers, stops, and the request is there after a restart. On a Node without
// node:sqlite (20), `--state` stops at start with the one line saying what to install.
// Usage: node scripts/check-packed-state.mjs TARBALLS_DIR   (the .tgz files of scripts/prepare-packed.sh)
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

const tarballs = resolve(process.argv[2] ?? "tarballs");
const files = readdirSync(tarballs)
  .filter((name) => name.endsWith(".tgz"))
  .map((name) => join(tarballs, name));
assert.equal(files.length, 2, `two tarballs in ${tarballs}`);

const dir = mkdtempSync(join(tmpdir(), "clipia-packed-state-"));
const { CLIPIA_SANDBOX_SQLITE: _ignored, ...env } = process.env; // the default choice, as a user has it
try {
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "empty-project", private: true }));
  const started = Date.now();
  const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
    env,
  });
  assert.equal(install.status, 0, `npm install failed: ${install.stderr}`);
  console.log(`npm install (install scripts on) took ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // No native code anywhere in the tree: no better-sqlite3, no node-gyp project, no compiled addon.
  const native = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name === "binding.gyp" || entry.name.endsWith(".node")) native.push(child);
    }
  };
  walk(join(dir, "node_modules"));
  assert.deepEqual(native, [], "the installed tree holds no native code");
  assert.throws(() => statSync(join(dir, "node_modules", "better-sqlite3")), "better-sqlite3 is not installed");

  const bin = join(dir, "node_modules", "@clipia", "sandbox", "bin", "clipia-sandbox.js");
  const state = join(dir, "state.db");

  /** Starts the installed CLI on `node` (a command line) with --state; resolves its ready line. */
  const start = async (node) => {
    const [command, ...args] = node;
    const child = spawn(command, [...args, bin, "--state", state, "--port", "0", "--json"], {
      cwd: dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text) => (stderr += text));
    const exited = new Promise((done) => child.once("exit", (code) => done(code)));
    const ready = await new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ready line within 60 s: ${stderr}`)), 60_000);
      createInterface({ input: child.stdout }).once("line", (line) => {
        clearTimeout(timer);
        done(JSON.parse(line));
      });
      exited.then((code) => fail(new Error(`clipia-sandbox exited ${code} before it was ready: ${stderr}`)));
    });
    const stop = async () => {
      child.kill("SIGTERM");
      return { code: await exited, stderr };
    };
    return { ready, stop };
  };

  // The binary itself, not npx (which would stand between the signal and the server).
  const which = spawnSync("npx", ["-y", "-p", "node@22", "node", "-p", "process.execPath"], {
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(which.status, 0, `npx -p node@22 failed: ${which.stderr}`);
  const node22 = [which.stdout.trim()];
  const first = await start(node22);
  const submitted = await fetch(`${first.ready.url}/v1/models/nano-banana-2`, {
    method: "POST",
    headers: { authorization: `Bearer ${first.ready.keys.test}`, "content-type": "application/json" },
    body: JSON.stringify({ input: { prompt: "packed" } }),
  });
  assert.equal(submitted.status, 200, "a submit on Node 22 with --state answers 200");
  const { request_id: requestId } = await submitted.json();
  const stopped = await first.stop();
  assert.equal(stopped.code, 0, `clipia-sandbox --state stops cleanly: ${stopped.stderr}`);
  // A quiet start: node:sqlite's ExperimentalWarning is not the user's business.
  assert.equal(stopped.stderr, "", "nothing on stderr (no ExperimentalWarning)");
  assert.equal(statSync(state).mode & 0o777, 0o600, "the state file is owner-only");

  const second = await start(node22);
  const read = await fetch(`${second.ready.url}/v1/requests/${requestId}`, {
    headers: { authorization: `Bearer ${second.ready.keys.test}` },
  });
  assert.equal(read.status, 200, "the request is still there after a restart");
  assert.equal((await second.stop()).code, 0);
  console.log(`clipia-sandbox --state on Node 22 with nothing else installed: ok (${requestId} kept)`);

  // On a Node without node:sqlite (and no better-sqlite3 installed): one line, exit 1, like the other start errors.
  if (typeof process.getBuiltinModule?.("node:sqlite")?.DatabaseSync !== "function") {
    const run = spawnSync(process.execPath, [bin, "--state", state, "--port", "0"], { encoding: "utf8", env });
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      "clipia-sandbox: --state needs SQLite: run on Node 22.13+ (built-in node:sqlite) or `npm install better-sqlite3`.\n",
    );
    console.log(`clipia-sandbox --state on Node ${process.version}: the one-line error, exit 1`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
