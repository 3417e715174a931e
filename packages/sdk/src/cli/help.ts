import { VERSION } from "../index.js";
import { EXIT_TABLE } from "./exit-codes.js";
import { COMMANDS, type CommandOption, type CommandSpec } from "./spec.js";

const OPTION_HELP: Record<CommandOption, string> = {
  input: "-i, --input <json|@file|->  The input object: inline JSON, a JSON file (@input.json), or stdin (-)",
  set:
    "-s, --set <field=value>     One input field, typed from the model's input_schema (numbers, booleans,\n" +
    "                            lists as a,b or JSON); repeatable; applied over --input",
  webhook: "--webhook <url>             Where Clipia POSTs the outcome (https, or http on loopback)",
  "idempotency-key":
    "--idempotency-key <key>     Makes the submit idempotent across runs (same key + same body = same request)",
  wait: "-w, --wait                  Wait for the result (a live progress line on a terminal)",
  timeout: "--timeout <duration>        Stop waiting after this long: 30s, 10m, 1h (default 10m); exit 11",
  "poll-interval": "--poll-interval <duration>  Delay between status polls (default 1s)",
  download: "-d, --download <dir>        Save the outputs of the completed result in <dir> (original_url when present)",
};

const GLOBAL_HELP = [
  "--json                      One JSON document on stdout (the default when stdout is not a terminal)",
  "--key <key>                 The API key; visible to other users in the process list: prefer CLIPIA_API_KEY",
  "--base-url <url>            API base URL (default CLIPIA_BASE_URL, then https://api.clipia.ai)",
  "--auth-scheme <scheme>      bearer (default), key or x-api-key",
  "--max-retries <n>           Retries of a failed call (connection, 429, 5xx); default 2",
  "-h, --help                  This help; 'clipia <command> --help' for one command",
  "-v, --version               The version",
];

const indent = (lines: readonly string[]) => lines.map((line) => line.replace(/^/gm, "  ")).join("\n");

const ENVIRONMENT = [
  "CLIPIA_API_KEY (or CLIPIA_KEY)  The API key: clipia_live_… or clipia_test_…",
  "CLIPIA_BASE_URL                 The API base URL (the sandbox: http://127.0.0.1:4010)",
  "CLIPIA_LOG                      SDK log lines on stderr: error, warn, info or debug",
];

const OUTPUT =
  "On a terminal, tables and a live progress line. With --json, or when stdout is not a terminal,\n" +
  "one JSON document per command on stdout and nothing else there. Diagnostics and errors go to\n" +
  "stderr; an error is one line: status, code and message.";

/** `clipia --help`. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => usageOf(c).length));
  return [
    `clipia ${VERSION}: the Clipia API from the command line (@clipia/sdk)`,
    "",
    "Usage: clipia <command> [arguments] [options]",
    "",
    "Commands:",
    indent(
      COMMANDS.map(
        (c) =>
          `${usageOf(c).padEnd(width)}  ${c.summary}${c.aliases.length ? ` (alias: ${c.aliases.join(", ")})` : ""}`,
      ),
    ),
    "",
    "Global options (any command):",
    indent(GLOBAL_HELP),
    "",
    "Environment:",
    indent(ENVIRONMENT),
    "",
    "Output:",
    indent([OUTPUT]),
    "",
    "Exit codes:",
    indent(EXIT_TABLE.map(([code, text]) => `${String(code).padStart(3)}  ${text}`)),
    "",
    "Example:",
    indent([
      "export CLIPIA_API_KEY=clipia_test_…",
      'clipia generate nano-banana-2 --set prompt="a red fox in snow" --wait --download out/',
    ]),
    "",
  ].join("\n");
}

/** `clipia <command> --help`. */
export function commandHelp(command: CommandSpec): string {
  return [
    `Usage: clipia ${usageOf(command)}${command.options.length ? " [options]" : ""}`,
    command.aliases.length ? `Alias: clipia ${command.aliases.join(", ")}` : "",
    "",
    command.description,
    "",
    ...(command.options.length ? ["Options:", indent(command.options.map((o) => OPTION_HELP[o])), ""] : []),
    "Global options:",
    indent(GLOBAL_HELP),
    "",
    `Example${command.examples.length > 1 ? "s" : ""}:`,
    indent(command.examples),
    "",
    "Exit codes: see 'clipia --help'.",
    "",
  ]
    .filter((line, i) => line !== "" || i !== 1)
    .join("\n");
}

function usageOf(command: CommandSpec): string {
  return [command.name, ...command.args].join(" ");
}
