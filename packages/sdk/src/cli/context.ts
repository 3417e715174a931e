import { type AuthScheme, Clipia, ClipiaConfigError, type Logger } from "../index.js";
import type { Invocation, OptionValues } from "./args.js";
import { CliError, EXIT, usage } from "./exit-codes.js";
import type { CliIo, Output } from "./io.js";
import type { CommandSpec } from "./spec.js";

/** What a command runs with. */
export interface Context {
  io: CliIo;
  out: Output;
  command: CommandSpec;
  args: string[];
  values: OptionValues;
  /** The client, made on first use (so `--help` needs no key). */
  client(): Clipia;
  /** The request being waited for, for the Ctrl-C message. */
  requestId?: string;
}

const KEY = /^clipia_(live|test)_[\w-]{1,128}$/;
const SCHEMES: readonly string[] = ["bearer", "key", "x-api-key"];

/** The key of `--key`, else `CLIPIA_API_KEY`, else `CLIPIA_KEY` (trimmed; empty counts as unset). */
export function keyOf(values: Pick<OptionValues, "key">, env: CliIo["env"]): string | undefined {
  for (const candidate of [values.key, env.CLIPIA_API_KEY, env.CLIPIA_KEY]) {
    if (candidate?.trim()) return candidate.trim();
  }
  return undefined;
}

/** The context of one invocation; its client reads the key and the options once, when first asked. */
export function makeContext(invocation: Invocation & { command: CommandSpec }, io: CliIo, out: Output): Context {
  let client: Clipia | undefined;
  const { values } = invocation;
  return {
    io,
    out,
    command: invocation.command,
    args: invocation.args,
    values,
    client: () => (client ??= makeClient(values, io, out, invocation.command.name)),
  };
}

function makeClient(values: OptionValues, io: CliIo, out: Output, command: string): Clipia {
  const apiKey = keyOf(values, io.env);
  if (values.key !== undefined) {
    out.note(
      "clipia: warning: --key is visible to other users of this machine in the process list; prefer CLIPIA_API_KEY",
    );
  }
  if (!apiKey) throw new CliError(EXIT.authentication, "no API key: set CLIPIA_API_KEY (or CLIPIA_KEY), or pass --key");
  if (!KEY.test(apiKey)) {
    throw new CliError(
      EXIT.authentication,
      "the API key must be clipia_live_… or clipia_test_…, then 1-128 of A-Z a-z 0-9 _ -",
    );
  }
  const scheme = values["auth-scheme"]?.toLowerCase() ?? "bearer";
  if (!SCHEMES.includes(scheme))
    throw usage(`--auth-scheme must be bearer, key or x-api-key (got '${values["auth-scheme"]}')`, command);
  const retries = values["max-retries"];
  if (retries !== undefined && !/^\d{1,2}$/.test(retries))
    throw usage(`--max-retries must be an integer from 0 to 99 (got '${retries}')`, command);
  // The SDK logs (retries, …) only when CLIPIA_LOG asks for it, and then on stderr, masked.
  const line = (text: string) => out.note(text);
  const logger: Logger = { debug: line, info: line, warn: line, error: line };
  try {
    return new Clipia({
      apiKey,
      baseUrl: values["base-url"] ?? (io.env.CLIPIA_BASE_URL?.trim() || undefined),
      authScheme: scheme as AuthScheme,
      maxRetries: retries === undefined ? undefined : Number(retries),
      logger,
      logLevel: io.env.CLIPIA_LOG?.trim() ? undefined : "off",
    });
  } catch (error) {
    if (error instanceof ClipiaConfigError) throw usage(error.message, command);
    throw error;
  }
}
