import { APIUserAbortError, VERSION } from "../index.js";
import { parseCommandLine } from "./args.js";
import { HANDLERS } from "./commands.js";
import { type Context, keyOf, makeContext } from "./context.js";
import { describeError, EXIT, exitCodeOf } from "./exit-codes.js";
import { commandHelp, mainHelp } from "./help.js";
import { type CliIo, Output } from "./io.js";

/** The `--key` value of a command line that may not parse, so that even a usage error masks it. */
function keyInArgv(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === "--key") return argv[i + 1];
    if (arg.startsWith("--key=")) return arg.slice(6);
  }
  return undefined;
}

/**
 * Runs one `clipia` command line and resolves its exit code. Never throws: every failure ends
 * as one line on stderr and the exit code of its class.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const out = new Output(io);
  out.secrets.push(
    ...[keyInArgv(argv), io.env.CLIPIA_API_KEY, io.env.CLIPIA_KEY].flatMap((k) => (k?.trim() ? [k.trim()] : [])),
  );
  let ctx: Context | undefined;
  try {
    const invocation = parseCommandLine(argv);
    const { command, values } = invocation;
    if (values.json) out.json = true;
    const key = keyOf(values, io.env);
    if (key) out.secrets.push(key);
    if (values.version) {
      out.print(VERSION);
      return EXIT.ok;
    }
    if (!command) {
      if (values.help) {
        out.print(mainHelp());
        return EXIT.ok;
      }
      io.stderr.write(mainHelp());
      return EXIT.usage;
    }
    if (values.help) {
      out.print(commandHelp(command));
      return EXIT.ok;
    }
    ctx = makeContext({ ...invocation, command }, io, out);
    return await HANDLERS[command.name]!(ctx);
  } catch (error) {
    if (error instanceof APIUserAbortError || io.signal.aborted) {
      const id = ctx?.requestId;
      if (id) {
        const download = ctx?.values.download === undefined ? "" : ` --download ${ctx.values.download}`;
        out.note(`clipia: stopped waiting; request ${id} keeps running. Resume with:\n  clipia wait ${id}${download}`);
      } else {
        out.note("clipia: interrupted");
      }
      return EXIT.interrupted;
    }
    out.note(`clipia: ${describeError(error)}`);
    return exitCodeOf(error);
  }
}
