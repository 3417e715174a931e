// The done criterion: `pnpm pack` the two packages, `npm install` the tarballs into an empty
// project, start the installed sandbox, and run the installed `clipia` bin through npx:
// generate, wait, download. Everything stays on 127.0.0.1 (the registry serves openapi-fetch).
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { CLI } from "./harness.js";

const run = promisify(execFile);
const packages = fileURLToPath(new URL("../../../", import.meta.url));
let root: string | undefined;
let stopSandbox: (() => void) | undefined;

afterAll(async () => {
  stopSandbox?.();
  if (root) await rm(root, { recursive: true, force: true });
});

it("npx clipia generate … --wait --download out/ from the installed tarballs writes the file", {
  timeout: 60_000,
}, async () => {
  expect(CLI).toMatch(/dist\/cli\.js$/); // the harness waited for the build
  root = await mkdtemp(join(tmpdir(), "clipia-cli-packed-"));
  const tarballs = join(root, "tarballs");
  const project = join(root, "project");
  await mkdir(project, { recursive: true });
  await Promise.all(
    ["sdk", "sandbox"].map((name) =>
      run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: join(packages, name) }),
    ),
  );
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "empty-project", private: true, type: "module" }),
  );
  const files = (await readdir(tarballs)).map((file) => join(tarballs, file));
  expect(files).toHaveLength(2);
  // Install scripts on, as a user has them: the tarballs build nothing (better-sqlite3 is an optional peer).
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...files], {
    cwd: project,
    timeout: 45_000,
  });

  // The installed sandbox server, on a free port.
  const sandbox = spawn(join(project, "node_modules/.bin/clipia-sandbox"), ["--port", "0", "--json"], {
    cwd: project,
    stdio: ["ignore", "pipe", "inherit"],
  });
  stopSandbox = () => sandbox.kill();
  const ready = await new Promise<{ url: string; keys: { test: string } }>((resolve, reject) => {
    let text = "";
    sandbox.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
      if (text.includes("\n")) resolve(JSON.parse(text.split("\n")[0]!));
    });
    sandbox.on("exit", (code) => reject(new Error(`clipia-sandbox exited ${code}`)));
  });

  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CLIPIA_API_KEY: ready.keys.test,
    CLIPIA_BASE_URL: ready.url,
  };
  const { stdout } = await run(
    "npx",
    [
      "--no",
      "clipia",
      "generate",
      "nano-banana-2",
      "--set",
      "prompt=a red fox in snow",
      "--wait",
      "--download",
      "out/",
    ],
    { cwd: project, env },
  );
  const result = JSON.parse(stdout);
  expect(result).toMatchObject({
    status: "COMPLETED",
    model: "nano-banana-2",
    files: [join("out", `${result.request_id}.png`)],
  });
  const saved = await readFile(join(project, "out", `${result.request_id}.png`));
  const served = Buffer.from(await (await fetch(result.output.images[0].original_url)).arrayBuffer());
  expect(saved.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a"); // a PNG
  expect(saved).toEqual(served);

  // The library entry of the same install knows nothing of the CLI.
  const { stdout: library } = await run(
    process.execPath,
    ["--input-type=module", "-e", 'import { Clipia } from "@clipia/sdk"; console.log(typeof Clipia)'],
    { cwd: project },
  );
  expect(library.trim()).toBe("function");
  expect(await readFile(join(project, "node_modules/@clipia/sdk/dist/index.js"), "utf8")).not.toMatch(
    /parseArgs|node:util|"util"/,
  );
});
