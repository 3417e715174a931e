import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

/** The newest modification time under a directory. */
function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
    }),
  );
}

/** The newest modification time of the sources and of `inputs` (files the build also reads). */
function newestInput(inputs: string[]): number {
  return Math.max(newest(SRC), ...inputs.map((path) => statSync(path).mtimeMs));
}

// One build at a time across vitest's workers (and parallel runs): tsup cleans dist/ first, so two
// builds at once would pull files from under each other. A directory is the lock (mkdir is atomic);
// one older than the slowest build is left over from a killed run and is taken over.
const LOCK = join(
  tmpdir(),
  `clipia-sandbox-build-${createHash("sha256").update(PACKAGE_DIR).digest("hex").slice(0, 12)}`,
);
const STALE_LOCK_MS = 5 * 60_000;

function withBuildLock(build: () => void): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(pause, 0, 0, 200);
    }
  }
  try {
    build();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds the package when dist/cli.js is missing or older than a source file or one of `inputs`
 * (the root `pnpm test` builds first anyway, so in CI this only checks).
 */
export function ensureBuilt(inputs: string[] = []): void {
  const fresh = () => existsSync(CLI) && statSync(CLI).mtimeMs >= newestInput(inputs);
  if (fresh()) return;
  withBuildLock(() => {
    // Another worker may have built it while this one waited for the lock.
    if (!fresh()) execFileSync("pnpm", ["--filter", "@clipia/sandbox", "build"], { cwd: PACKAGE_DIR, stdio: "ignore" });
  });
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (signals count as failures). */
  exited: Promise<number | null>;
  /** Resolves once stdout contains `marker`, rejects if the process exits first. */
  waitFor: (marker: string | RegExp) => Promise<string>;
  stop: () => Promise<number | null>;
}

export function startCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitFor = (marker: string | RegExp) =>
    new Promise<string>((resolve, reject) => {
      const test = () => (typeof marker === "string" ? out.includes(marker) : marker.test(out));
      const onData = () => {
        if (test()) {
          child.stdout.off("data", onData);
          resolve(out);
        }
      };
      child.stdout.on("data", onData);
      onData();
      void exited.then(() =>
        test() ? resolve(out) : reject(new Error(`CLI exited before printing ${marker}; stderr: ${err}`)),
      );
    });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor,
    stop: () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** The `--json` ready line (SPEC §5.1). */
export interface ReadyLine {
  url: string;
  console_url: string;
  account: { account_id: string; balance: { credits: number } };
  keys: { live: string; test: string; test_read_only: string };
  webhook_secret: string;
}

export async function startJson(args: string[]): Promise<{ cli: RunningCli; ready: ReadyLine }> {
  const cli = startCli(["--port", "0", "--json", ...args]);
  const out = await cli.waitFor("\n");
  return { cli, ready: JSON.parse(out.split("\n")[0]!) as ReadyLine };
}
