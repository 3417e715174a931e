// The `clipia` bin (dist/cli.js). tsup adds the `#!/usr/bin/env node` line.
import type { CliIo } from "./io.js";
import { run } from "./run.js";

const controller = new AbortController();
let interrupts = 0;
// The first Ctrl-C stops the wait cleanly (the request id and the resume line are printed);
// a second one exits at once.
process.on("SIGINT", () => {
  if (interrupts++ > 0) process.exit(130);
  controller.abort();
});

const io: CliIo = {
  env: process.env,
  // Only touched for `--input -`: creating process.stdin early could hold the process open.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
};

run(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`clipia: unexpected failure: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
