// Runs every example against a fresh local sandbox, as CI does: `node run-all.mjs [--verbose] [name …]`.
// Starts the sandbox server on a free port, passes its URL and the default keys through the
// environment the way a user would set them, and runs each example with tsx on this same Node.
// The whole sandbox is reset between examples, so each one starts from the default account.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startSandboxServer } from "@clipia/sandbox/node";

const here = fileURLToPath(new URL(".", import.meta.url));

/** Each example and the key it runs with (CLIPIA_API_KEY). */
const EXAMPLES = [
  ["quick-start.ts", "test"],
  ["wait-with-progress.ts", "live"],
  ["handling-errors.ts", "test"],
  ["webhooks.ts", "live"],
  ["sandbox-control.ts", "test"],
  ["sandbox-keys.ts", "test"],
  ["estimate.ts", "test"],
  ["typed-inputs.ts", "test"],
  ["retries.ts", "live"],
  ["raw-and-middleware.ts", "test"],
  ["logging.ts", "test"],
  ["request-log.ts", "test"],
  ["chat.ts", "test"],
  ["chat-msw.ts", "test"],
];

const verbose = process.argv.includes("--verbose");
const only = process.argv.slice(2).filter((arg) => arg !== "--verbose");
const server = await startSandboxServer({ port: 0 });
const { keys, webhookSecret } = server.sandbox;
let failed = 0;
try {
  for (const [file, key] of EXAMPLES) {
    if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
    server.sandbox.resetAll();
    const started = Date.now();
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", file], {
        cwd: here,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          CLIPIA_BASE_URL: server.url,
          CLIPIA_API_KEY: keys[key],
          CLIPIA_WEBHOOK_SECRET: webhookSecret,
          CLIPIA_LOG: "warn",
        },
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.on("close", (status) => {
        clearTimeout(timer);
        if (status !== 0 || verbose) process.stdout.write(`${output.trimEnd().replace(/^/gm, `  ${file} | `)}\n`);
        else process.stdout.write(`${output.trim().split("\n").at(-1)}\n`);
        resolve(status);
      });
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${code === 0 ? "ok  " : "FAIL"} ${file} (${seconds} s)`);
    if (code !== 0) failed++;
  }
} finally {
  await server.close();
}
if (failed > 0) {
  console.error(`${failed} example(s) failed`);
  process.exitCode = 1;
}
