#!/usr/bin/env node
// The `clipia-sandbox` bin (dist/cli.js): the process's io handed to `run` (cli.ts).
import { type CliIo, run } from "./cli.js";

const io: CliIo = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  untilStopped: () =>
    new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        // A second Ctrl+C while the last state write runs: leave at once.
        if (stopping) process.exit(signal === "SIGINT" ? 130 : 143);
        stopping = true;
        resolve();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    }),
};

run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`clipia-sandbox: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
