import { scrub } from "../internal/redact.js";

/** A stream the CLI writes text to: `process.stdout`, `process.stderr`, or a test double. */
export interface TextStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

/** Everything the CLI touches of its process, passed in so that it can be driven from a test. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: TextStream;
  stderr: TextStream;
  /** Fires on Ctrl-C (SIGINT). */
  signal: AbortSignal;
}

/**
 * Where a command's text goes: `print` is stdout (the command's one document), `note` and
 * `error` are stderr. Every write passes through `scrub`, so a key never reaches either stream,
 * whatever echoed it.
 */
export class Output {
  /** Keys to mask wherever they would appear (the environment's and `--key`'s). */
  readonly secrets: string[] = [];

  /** One JSON document on stdout (`--json`, or stdout is not a terminal); else tables. */
  json: boolean;

  constructor(readonly io: CliIo) {
    this.json = io.stdout.isTTY !== true;
  }

  /** `text` with every secret masked in any form (see internal/redact.ts): the key, or its part after the prefix. */
  scrub(text: string): string {
    for (const secret of this.secrets) text = scrub(text, secret);
    return text;
  }

  /** The command's document: JSON, or the human rendering. */
  document(value: unknown, render: () => string): void {
    this.print(this.json ? JSON.stringify(value, null, 2) : render());
  }

  print(text: string): void {
    this.io.stdout.write(this.scrub(text.endsWith("\n") ? text : `${text}\n`));
  }

  /** A diagnostic line on stderr. */
  note(text: string): void {
    this.io.stderr.write(this.scrub(`${text}\n`));
  }

  /** Raw stderr (the progress line draws with it). */
  raw(text: string): void {
    this.io.stderr.write(this.scrub(text));
  }
}
