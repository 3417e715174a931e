import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  ClipiaConfigError,
  GenerationCanceledError,
  GenerationFailedError,
} from "../index.js";

/**
 * The `clipia` exit codes, one per class of failure. Stable: scripts branch on them, so a number
 * is never reused for another class. The same table is in `--help` and the README.
 */
export const EXIT = {
  ok: 0,
  /** Anything else: a local file that cannot be written, an unexpected failure. */
  other: 1,
  /** Unknown command or option, a missing argument, an unreadable `--input`, a bad `--base-url`. */
  usage: 2,
  /** No key, a malformed key, or a 401 (unknown, revoked, disabled, expired key). */
  authentication: 3,
  /** 403: the key lacks the scope (or, in the sandbox, the model or the address is not allowed). */
  permission: 4,
  /** 402: the balance or the key's budget does not cover it. */
  credits: 5,
  /** 404: unknown model or request (or one of another account or environment). */
  notFound: 6,
  /** 400, 409, 422 and other 4xx: the request or the input is not acceptable; a `--set` value of the wrong type. */
  invalidInput: 7,
  /** 429, once the retries are spent. */
  rateLimited: 8,
  /** 5xx once the retries are spent, no answer at all, or a download that failed. */
  server: 9,
  /** The generation ended `FAILED` or `CANCELED` (credits are refunded). */
  generationFailed: 10,
  /** `--timeout` passed while waiting, or a call outlived its timeout. */
  timeout: 11,
  /** Ctrl-C (SIGINT): the generation keeps running; `clipia wait <id>` resumes. */
  interrupted: 130,
} as const;

/** The exit-code table as `--help` and the README print it. */
export const EXIT_TABLE: ReadonlyArray<readonly [number, string]> = [
  [EXIT.ok, "success"],
  [EXIT.other, "other error (a local file could not be written, an unexpected failure)"],
  [EXIT.usage, "usage: unknown command or option, missing argument, unreadable --input"],
  [EXIT.authentication, "authentication: no key, malformed key, 401"],
  [EXIT.permission, "permission: 403 (missing scope)"],
  [EXIT.credits, "credits: 402 (balance or key budget too low)"],
  [EXIT.notFound, "not found: 404 (model or request)"],
  [EXIT.invalidInput, "invalid input: 400, 409, 422 (the message names the field)"],
  [EXIT.rateLimited, "rate limited: 429 after retries"],
  [EXIT.server, "server or connection: 5xx after retries, no answer, download failed"],
  [EXIT.generationFailed, "generation failed or canceled"],
  [EXIT.timeout, "timeout: --timeout passed while waiting"],
  [EXIT.interrupted, "interrupted (Ctrl-C); the request keeps running"],
];

/** A failure the CLI itself detects (usage, a bad `--set` value, …), with its exit code. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly exitCode: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A usage error: exit 2, with a pointer to the command's help. */
export function usage(message: string, command?: string): CliError {
  return new CliError(EXIT.usage, `${message} (see 'clipia ${command ? `${command} ` : ""}--help')`);
}

const BY_STATUS: Record<number, number> = {
  401: EXIT.authentication,
  402: EXIT.credits,
  403: EXIT.permission,
  404: EXIT.notFound,
  429: EXIT.rateLimited,
};

/** The exit code of anything a command threw. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof GenerationFailedError || error instanceof GenerationCanceledError) return EXIT.generationFailed;
  if (error instanceof APIError) {
    return (
      BY_STATUS[error.status] ??
      (error.status >= 500 ? EXIT.server : error.status >= 400 ? EXIT.invalidInput : EXIT.other)
    );
  }
  if (error instanceof APITimeoutError) return EXIT.timeout;
  if (error instanceof APIConnectionError) return EXIT.server;
  if (error instanceof APIUserAbortError) return EXIT.interrupted;
  if (error instanceof ClipiaConfigError) return EXIT.usage;
  return EXIT.other;
}

/** One line, with no line break inside: what the error line of stderr says after `clipia: `. */
export function describeError(error: unknown): string {
  let text: string;
  if (error instanceof APIError) {
    // The SDK's message starts with "<status> <code>: "; rebuild it so the line always has both.
    const prefix = `${error.status}${error.code ? ` ${error.code}` : ""}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    const retry =
      "retryAfter" in error && typeof error.retryAfter === "number" ? ` (retry after ${error.retryAfter} s)` : "";
    text = `${error.status} ${error.code ?? "error"}: ${message}${retry}`;
  } else if (error instanceof GenerationFailedError || error instanceof GenerationCanceledError) {
    const { result } = error;
    text = `${result.status} ${result.error?.code ?? ""}: request ${result.request_id}: ${result.error?.message ?? "no reason given"}`;
  } else if (error instanceof APITimeoutError) {
    text = `timeout: ${error.message}`;
  } else if (error instanceof APIConnectionError) {
    text = `connection error: ${error.message}`;
  } else if (error instanceof Error) {
    text =
      error instanceof CliError || error instanceof ClipiaConfigError
        ? error.message
        : `${error.name}: ${error.message}`;
  } else {
    text = String(error);
  }
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}
