// Runs the built `clipia` bin (packages/sdk/dist/cli.js, made by `pnpm build`) as a child process
// against a sandbox server started in this process, on 127.0.0.1 port 0.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

// A build running alongside (tsup cleans dist first) may have removed it for a few seconds.
for (let waited = 0; !existsSync(CLI); waited += 250) {
  if (waited > 30_000)
    throw new Error(`${CLI} is missing: run \`pnpm --filter @clipia/sdk build\` (pnpm test builds first).`);
  await new Promise((resolve) => setTimeout(resolve, 250));
}

/** What one run of the CLI left behind. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Environment on top of a bare one (PATH only: no CLIPIA_* of the caller leaks in). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, then closed. */
  stdin?: string;
  cwd?: string;
}

function bareEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: "C.UTF-8" };
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/** A running CLI: its output so far, `waitFor` a pattern in it, and `done`. */
export interface Running {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves once `pattern` shows in stdout or stderr (rejects if the process ends first). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  done: Promise<Run>;
}

function start(file: string, args: readonly string[], options: RunOptions, tty: boolean): Running {
  const child = spawn(file, args, { env: bareEnv(options.env), cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  const waiters: Array<() => void> = [];
  const onData = (stream: "stdout" | "stderr") => (chunk: string) => {
    out[stream] += tty ? chunk.replace(/\r\n/g, "\n") : chunk;
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout!.setEncoding("utf8").on("data", onData("stdout"));
  child.stderr!.setEncoding("utf8").on("data", onData("stderr"));
  child.stdin!.end(options.stdin ?? "");
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, ...out }));
  });
  return {
    child,
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out.stdout) ?? pattern.exec(out.stderr);
          if (match) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve(match);
          }
        };
        waiters.push(check);
        check();
        void done.then(
          () => waiters.includes(check) && reject(new Error(`ended before ${pattern}: ${out.stdout}${out.stderr}`)),
        );
      }),
    done,
  };
}

/** Spawns `node dist/cli.js ...args` with stdout and stderr piped (so: JSON mode). */
export function spawnCli(args: readonly string[], options: RunOptions = {}): Running {
  return start(process.execPath, [CLI, ...args], options, false);
}

/** Runs the CLI with pipes and resolves what it printed and its exit code. */
export function cli(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return spawnCli(args, options).done;
}

/**
 * Whether util-linux `script` can give the CLI a pseudo-terminal here (BSD `script`, on macOS,
 * takes other flags). The human-mode tests need it; without it they are skipped, not faked.
 */
export const HAS_PTY = spawnSync("script", ["-qfec", "true", "/dev/null"], { stdio: "ignore" }).status === 0;

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Spawns the CLI on a pseudo-terminal (util-linux `script`), so its stdout and stderr are TTYs:
 * the human mode. Both streams arrive merged in `stdout`, with `\r\n` turned into `\n`.
 */
export function spawnCliOnTty(args: readonly string[], options: RunOptions = {}): Running {
  const command = [process.execPath, CLI, ...args].map(quote).join(" ");
  return start("script", ["-qfec", command, "/dev/null"], options, true);
}

/** Runs the CLI on a pseudo-terminal; see `spawnCliOnTty`. */
export function cliOnTty(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return spawnCliOnTty(args, options).done;
}

/** A sandbox server and, per test, an isolated account with its keys as CLI environments. */
export async function sandboxServer() {
  const server: SandboxServer = await startSandboxServer({ port: 0 });
  return {
    server,
    url: server.url,
    sandbox: server.sandbox,
    /** A fresh account; `env(key)` is the environment that selects that key and this server. */
    account(balance_credits = 1_000) {
      const credentials = server.sandbox.createAccount({ balance_credits });
      const accountId = credentials.account.account_id;
      return {
        accountId,
        keys: credentials.keys,
        env: (key: string = credentials.keys.test, more: Record<string, string> = {}) => ({
          CLIPIA_API_KEY: key,
          CLIPIA_BASE_URL: server.url,
          ...more,
        }),
        requests: () => server.sandbox.listRequests(accountId),
      };
    },
    close: () => server.close(),
  };
}

/** Parses the one JSON document of stdout (fails the test when there is anything else). */
export function json<T = Record<string, any>>(run: Run): T {
  return JSON.parse(run.stdout) as T;
}
