// What each command takes, in one table: the parser checks arguments against it and the help
// prints it, so the two cannot disagree.

/** Options a command may take, besides the global ones. */
export type CommandOption =
  | "input"
  | "set"
  | "webhook"
  | "idempotency-key"
  | "wait"
  | "timeout"
  | "poll-interval"
  | "download";

/** One command of `clipia`. */
export interface CommandSpec {
  name: string;
  aliases: readonly string[];
  /** Positional arguments: `<name>` required, `[name]` optional. */
  args: readonly string[];
  summary: string;
  description: string;
  options: readonly CommandOption[];
  examples: readonly string[];
}

const UUID = "764cabcf-b745-4b3e-ae38-1200304cf45b";

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "generate",
    aliases: ["submit"],
    args: ["<model>"],
    summary: "Submit a generation; --wait to wait for its result",
    description:
      "Submits a generation to <model> and prints the answer (request id, status, queue position, cost).\n" +
      "With --wait, waits for the result (a live progress line on a terminal) and prints it; --download\n" +
      "implies --wait and saves the outputs. Every submit carries an Idempotency-Key (a UUID unless given),\n" +
      "so the SDK's retries never queue or charge twice.",
    options: ["input", "set", "webhook", "idempotency-key", "wait", "timeout", "poll-interval", "download"],
    examples: [
      'clipia generate nano-banana-2 --set prompt="a red fox in snow" --wait --download out/',
      "clipia generate kling-3 --input @input.json --webhook https://example.com/hooks/clipia",
      `echo '{"prompt":"waves at dusk","duration":10}' | clipia generate kling-3 --input - --json`,
    ],
  },
  {
    name: "status",
    aliases: [],
    args: ["<id>"],
    summary: "Show the status of a request",
    description: "Prints the status of a request: its queue position while IN_QUEUE, its progress while IN_PROGRESS.",
    options: [],
    examples: [`clipia status ${UUID}`],
  },
  {
    name: "result",
    aliases: [],
    args: ["<id>"],
    summary: "Show the result of a request",
    description:
      'Prints the result of a request once it is final; while it runs, its status with "pending": true\n' +
      "(exit 0). A FAILED or CANCELED result is printed and exits 10. --download saves the outputs.",
    options: ["download"],
    examples: [`clipia result ${UUID} --download out/`],
  },
  {
    name: "wait",
    aliases: [],
    args: ["<id>"],
    summary: "Wait for a request to finish and show its result",
    description:
      "Polls the status of a request (a live progress line on a terminal: status, queue position,\n" +
      "progress, elapsed time) until it is final, then prints the result. Ctrl-C stops waiting (exit 130);\n" +
      "the request keeps running.",
    options: ["timeout", "poll-interval", "download"],
    examples: [`clipia wait ${UUID} --timeout 5m --download out/`],
  },
  {
    name: "estimate",
    aliases: [],
    args: ["<model>"],
    summary: "Price an input in credits (nothing queued or charged)",
    description: "Prints the exact cost in credits of an input on <model>; nothing is queued or charged.",
    options: ["input", "set"],
    examples: ["clipia estimate kling-3 --set prompt=surf --set duration=10 --set resolution=1080p"],
  },
  {
    name: "models",
    aliases: [],
    args: ["[slug]"],
    summary: "List the models, or show one with its input fields",
    description:
      "Without [slug], lists the catalog with prices. With it, shows the model, its pricing and its input fields.",
    options: [],
    examples: ["clipia models", "clipia models kling-3"],
  },
  {
    name: "account",
    aliases: [],
    args: [],
    summary: "Show the balance and the key's 30-day usage",
    description: "Prints the account of the key: its id, its credit balance, and the key's usage over 30 days.",
    options: [],
    examples: ["clipia account --json"],
  },
  {
    name: "key",
    aliases: [],
    args: [],
    summary: "Show the calling key: label, usage, budget, rate limit",
    description:
      "Prints the key in use (never its secret): label, credits used, budget and what is left of it, rate limit.",
    options: [],
    examples: ["clipia key"],
  },
];

/** The command named `name` (or aliased so), if any. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name || command.aliases.includes(name));
}
