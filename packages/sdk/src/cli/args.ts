import { parseArgs } from "node:util";
import { usage } from "./exit-codes.js";
import { type CommandOption, type CommandSpec, findCommand } from "./spec.js";

const GLOBAL_OPTIONS = {
  json: { type: "boolean" },
  key: { type: "string" },
  "base-url": { type: "string" },
  "auth-scheme": { type: "string" },
  "max-retries": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

const COMMAND_OPTIONS = {
  input: { type: "string", short: "i" },
  set: { type: "string", short: "s", multiple: true },
  webhook: { type: "string" },
  "idempotency-key": { type: "string" },
  wait: { type: "boolean", short: "w" },
  timeout: { type: "string" },
  "poll-interval": { type: "string" },
  download: { type: "string", short: "d" },
} as const satisfies Record<CommandOption, unknown>;

const OPTIONS = { ...GLOBAL_OPTIONS, ...COMMAND_OPTIONS };

/** The option values, as `node:util`'s parseArgs gives them. */
export type OptionValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

/** A parsed command line. */
export interface Invocation {
  /** Undefined for `clipia`, `clipia --help`, `clipia --version`. */
  command: CommandSpec | undefined;
  /** The positional arguments after the command name. */
  args: string[];
  values: OptionValues;
}

/**
 * Parses the whole command line at once (global options may come anywhere), then checks it
 * against the command's spec: its options only, its argument count. Throws a usage `CliError`.
 */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const config = { args: [...argv], options: OPTIONS, allowPositionals: true, strict: true, tokens: true } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    // The hint points at the command's help when the line names one (`clipia account --nope`).
    const named = argv.map((arg) => findCommand(arg)).find((command) => command !== undefined);
    throw usage(parseArgsMessage(error), named?.name);
  }
  let [name, ...args] = parsed.positionals;
  if (name === "help") {
    // `clipia help [command]` is `clipia [command] --help`.
    [name, ...args] = args;
    parsed.values.help = true;
  }
  if (name === undefined) return { command: undefined, args: [], values: parsed.values };
  const command = findCommand(name);
  if (!command) throw usage(`unknown command '${name}'`);
  if (parsed.values.help || parsed.values.version) return { command, args, values: parsed.values };

  for (const token of parsed.tokens) {
    if (
      token.kind === "option" &&
      token.name in COMMAND_OPTIONS &&
      !command.options.includes(token.name as CommandOption)
    ) {
      throw usage(`'clipia ${command.name}' takes no option '--${token.name}'`, command.name);
    }
  }
  const required = command.args.filter((arg) => arg.startsWith("<")).length;
  if (args.length < required) throw usage(`missing ${command.args[args.length]}`, command.name);
  if (args.length > command.args.length)
    throw usage(`unexpected argument '${args[command.args.length]}'`, command.name);
  return { command, args, values: parsed.values };
}

/**
 * node:util's parseArgs errors in the CLI's own words, lower case like every other usage error:
 * `unknown option '--nope'`, `option '--key' needs a value`, `option '--json' takes no value`.
 */
function parseArgsMessage(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option '${option}'`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /does not take an argument/.test(message)
      ? `option '${option}' takes no value`
      : `option '${option}' needs a value`;
  }
  return message.charAt(0).toLowerCase() + message.slice(1);
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A duration in ms from `90`, `90s`, `1.5m`, `500ms`, `1h` (a bare number is seconds). */
export function parseDuration(text: string, option: string, command: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw usage(`--${option} must be a duration such as 30s, 500ms, 10m or 1h (got '${text}')`, command);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? "s"]!);
}
