// Starts the packed sandbox server (on Node) and runs runtime.mjs on the runtime given as
// arguments, with the server's URL and keys in the environment. Run it from the packed project:
//   node run-runtime.mjs ./node_modules/.bin/bun   |   node run-runtime.mjs ./node_modules/.bin/deno run -A
import { spawn } from "node:child_process";
import { startSandboxServer } from "@clipia/sandbox/node";

const command = process.argv.slice(2);
if (command.length === 0) throw new Error("usage: node run-runtime.mjs <runtime command ...>");
const server = await startSandboxServer({ port: 0 });
try {
  const code = await new Promise((resolve, reject) => {
    const child = spawn(command[0], [...command.slice(1), "runtime.mjs"], {
      stdio: "inherit",
      env: {
        ...process.env,
        CLIPIA_BASE_URL: server.url,
        CLIPIA_API_KEY: server.sandbox.keys.test,
        CLIPIA_READ_ONLY_KEY: server.sandbox.keys.test_read_only,
        NO_COLOR: "1",
      },
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve(status);
    });
  });
  if (code !== 0) throw new Error(`${command.join(" ")} runtime.mjs exited with ${code}`);
} finally {
  await server.close();
}
