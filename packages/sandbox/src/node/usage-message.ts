// The usage errors of `clipia-sandbox` and `clipia-sandbox verify` in one shape, the shape of the
// SDK's `clipia` CLI: `clipia-sandbox: unknown option '--nope' (see 'clipia-sandbox --help')`, one
// line, lower case, values in single quotes.

/**
 * node:util's parseArgs errors in the CLI's own words: `unknown option '--nope'`, `option '--port'
 * needs a value`, `option '--json' takes no value`, `unexpected argument 'extra'`.
 */
export function parseArgsMessage(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const quoted = /'(?:-\w, )?([^' ]+)/.exec(message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option '${quoted}'`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `unexpected argument '${quoted}'`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return /does not take an argument/.test(message)
      ? `option '${quoted}' takes no value`
      : `option '${quoted}' needs a value`;
  }
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** The stderr line of a usage error: the message and where the help is. */
export function usageLine(message: string, command?: "verify"): string {
  const name = command === undefined ? "clipia-sandbox" : `clipia-sandbox ${command}`;
  return `clipia-sandbox: ${message} (see '${name} --help')\n`;
}
