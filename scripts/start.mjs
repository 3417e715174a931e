// `pnpm start`: the sandbox server on its embedded default data, with nothing but its banner and
// its errors on the terminal. The sandbox is built first when dist/ is missing or older than a
// source it is built from; the build's own output is kept and shown only when the build fails.
// Arguments after `pnpm start --` go to clipia-sandbox (`pnpm start -- --port 4020`).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const sandbox = join(root, "packages/sandbox");
const cli = join(sandbox, "dist/cli.js");

/** The newest modification time of a file or, for a directory, of anything under it. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const inputs = [
  join(sandbox, "src"),
  join(sandbox, "scripts"),
  join(sandbox, "tsup.config.ts"),
  join(root, "openapi.yaml"),
];
const stale = !existsSync(cli) || statSync(cli).mtimeMs < Math.max(...inputs.map(newest));

if (stale) {
  process.stderr.write("building the sandbox… ");
  const started = Date.now();
  const build = spawnSync("pnpm", ["--filter", "@clipia/sandbox", "build"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) {
    process.stderr.write("failed:\n\n");
    process.stderr.write(`${build.stdout ?? ""}${build.stderr ?? ""}`);
    if (build.error) process.stderr.write(`${build.error.message}\n`);
    process.exit(build.status ?? 1);
  }
  process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

// The server is the child; Ctrl+C reaches both (same process group), and its exit code is ours.
const server = spawn(process.execPath, [cli, ...process.argv.slice(2).filter((arg) => arg !== "--")], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
