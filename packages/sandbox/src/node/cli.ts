// The `clipia-sandbox` command as a function of its arguments and its io (no work at import): the
// bin's entry (cli-main.ts) passes the process's; a test can pass its own and run it in process.
import { parseArgs } from "node:util";
import { SandboxServerError } from "./errors.js";
import { type SandboxServer, startSandboxServer } from "./server.js";
import { parseArgsMessage, usageLine } from "./usage-message.js";

const USAGE = `Usage: clipia-sandbox [options]
       clipia-sandbox verify [--base-url URL] [--json]   (compare a live service with the sandbox; see verify --help)

Runs the Clipia API sandbox: the real Clipia API offline, with deterministic keys,
a control plane under /_sandbox/ and a developer console page.

Options:
  --port N       TCP port (default 4010; 0 picks a free one)
  --host HOST    interface to bind (default 127.0.0.1)
  --seed N       seed for keys, secrets and outputs (default 42: the keys in the docs)
  --deterministic
                 request and webhook delivery ids from the seed too, the same every run
                 (for snapshot tests; default: random, unique across runs)
  --state FILE   load the store from FILE if it exists and save every change to it
  --json         print one JSON line (url, console_url, account, keys, webhook_secret) once ready
  --help         show this help
`;

class UsageError extends Error {}

/** A stream the command writes text to: `process.stdout`, `process.stderr`, or a test double. */
export interface TextStream {
  write(text: string): unknown;
}

/** Everything the command touches of its process, passed in so that a test can drive it. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: TextStream;
  stderr: TextStream;
  /**
   * Resolves when the process is asked to stop (Ctrl+C, SIGTERM): the server closes and `run`
   * resolves. Called once the server is up, so until then the signals keep their default effect.
   */
  untilStopped(): Promise<void>;
}

interface CliOptions {
  port: number;
  host: string;
  seed?: number;
  state?: string;
  deterministic: boolean;
  json: boolean;
  help: boolean;
}

function parse(argv: string[]): CliOptions {
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by its one assignment, from parseArgs and its options
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        state: { type: "string" },
        deterministic: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  const port = integer("--port", values.port ?? "4010", 0, 65_535);
  const host = values.host ?? "127.0.0.1";
  if (host.trim() === "") throw new UsageError("--host must not be empty");
  if (values.state !== undefined && values.state.trim() === "") throw new UsageError("--state must be a file path");
  return {
    port,
    host,
    deterministic: values.deterministic ?? false,
    json: values.json ?? false,
    help: values.help ?? false,
    ...(values.seed === undefined ? {} : { seed: integer("--seed", values.seed, 0, Number.MAX_SAFE_INTEGER) }),
    ...(values.state === undefined ? {} : { state: values.state }),
  };
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got '${raw}')`);
  }
  return value;
}

function readyLine(server: SandboxServer): string {
  const { sandbox } = server;
  return JSON.stringify({
    url: server.url,
    console_url: server.consoleUrl,
    account: { account_id: sandbox.account.account_id, balance: { credits: sandbox.account.balance.credits } },
    keys: { live: sandbox.keys.live, test: sandbox.keys.test, test_read_only: sandbox.keys.test_read_only },
    webhook_secret: sandbox.webhookSecret,
  });
}

function banner(server: SandboxServer): string {
  const { url, sandbox } = server;
  const { keys, account } = sandbox;
  const rows: [string, string, string][] = [
    ["live", keys.live, "simulated live queue: IN_QUEUE -> IN_PROGRESS -> COMPLETED, credits charged"],
    ["test", keys.test, "COMPLETED at once with a sample asset, nothing charged"],
    ["test_read_only", keys.test_read_only, 'scopes ["read"]: reads work, submitting is 403 insufficient_scope'],
  ];
  const name = Math.max(...rows.map(([label]) => label.length));
  const value = Math.max(...rows.map(([, key]) => key.length));
  return [
    `Clipia sandbox listening on ${url}`,
    `Console         ${server.consoleUrl}`,
    "",
    `Account         ${account.account_id}  ${account.balance.credits} credits`,
    "",
    "Keys (sandbox-only, safe to share):",
    ...rows.map(([label, key, use]) => `  ${label.padEnd(name)}  ${key.padEnd(value)}  ${use}`),
    "",
    `Webhook secret  ${sandbox.webhookSecret}`,
    "",
    "Try it:",
    `  curl -s -X POST ${url}/v1/models/nano-banana-2 -H "Authorization: Bearer ${keys.test}" -H "Content-Type: application/json" -d '{"input":{"prompt":"a sunset over mountains, cinematic"}}'`,
    "",
    "Control plane (sandbox-only): /_sandbox/accounts, /_sandbox/clock/advance, /_sandbox/faults, /_sandbox/outcomes, /_sandbox/reset",
    "Press Ctrl+C to stop.",
    "",
  ].join("\n");
}

/**
 * Runs `clipia-sandbox` with `argv` (the arguments after the command's name); resolves with the
 * exit code once the server has stopped (after `io.untilStopped()`), or at once for `--help`, a
 * usage error or a failed start.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === "verify") {
    // Loaded on demand: verify pulls in msw and the contract, which the server's start never needs.
    const { verifyCommand } = await import("./verify/command.js");
    const write = (stream: TextStream) => (text: string) => void stream.write(text);
    return verifyCommand(argv.slice(1), { env: io.env, stdout: write(io.stdout), stderr: write(io.stderr) });
  }
  let options: CliOptions;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(usageLine(error.message));
    return 2;
  }
  if (options.help) {
    io.stdout.write(USAGE);
    return 0;
  }

  let server: SandboxServer;
  try {
    server = await startSandboxServer({
      port: options.port,
      host: options.host,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.state === undefined ? {} : { state: options.state }),
      deterministic: options.deterministic,
    });
  } catch (error) {
    if (!(error instanceof SandboxServerError)) throw error;
    const hint = error.code === "address_in_use" ? " Pick another with --port, or --port 0 for a free one." : "";
    io.stderr.write(`clipia-sandbox: ${error.message}${hint}\n`);
    return 1;
  }

  io.stdout.write(options.json ? `${readyLine(server)}\n` : banner(server));

  await io.untilStopped();
  try {
    await server.close();
    return 0;
  } catch (error) {
    io.stderr.write(`clipia-sandbox: error while stopping: ${(error as Error).message}\n`);
    return 1;
  }
}
