// What npm users get from the tarballs: (1) every link and image of each packed README resolves —
// a relative link must point to a file inside the tarball, an absolute link into this repository
// (github.com/clipia-ai/clipia-sdk/blob|tree/main/…, raw.githubusercontent.com/…/main/…) to a file
// that exists here; (2) each tarball has its LICENSE; (3) the packages' types compile, with
// `skipLibCheck: false`, from ESM and CommonJS TypeScript (NodeNext .mts and .cts, and a classic
// `module: commonjs` project with node10 resolution).
// Usage: node scripts/check-packed-package.mjs DIR   (DIR: scripts/prepare-packed.sh's project: DIR/tarballs, DIR/node_modules)
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = process.argv[2];
if (!dir || !existsSync(join(dir, "tarballs")))
  throw new Error("usage: check-packed-package.mjs DIR (a project made by scripts/prepare-packed.sh)");
const problems = [];
const REPO =
  /^https:\/\/(?:github\.com\/clipia-ai\/clipia-sdk\/(?:blob|tree)\/main|raw\.githubusercontent\.com\/clipia-ai\/clipia-sdk\/main)\/([^#?]*)/;

// 1 and 2: links and LICENSE, read from the tarballs themselves.
for (const tarball of readdirSync(join(dir, "tarballs")).filter((f) => f.endsWith(".tgz"))) {
  const path = join(dir, "tarballs", tarball);
  const files = new Set(
    execFileSync("tar", ["-tzf", path], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, "")),
  );
  if (!files.has("LICENSE")) problems.push(`${tarball}: no LICENSE`);
  const readme = execFileSync("tar", ["-xzOf", path, "package/README.md"], { encoding: "utf8" });
  const targets = [
    ...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g),
    ...readme.matchAll(/<img[^>]+src="([^"]+)"/g),
  ].map((m) => m[1]);
  let relative = 0;
  let absolute = 0;
  for (const target of targets) {
    if (target.startsWith("#") || target.startsWith("mailto:")) continue;
    const repo = REPO.exec(target);
    if (repo) {
      absolute++;
      if (!existsSync(join(root, decodeURIComponent(repo[1]))))
        problems.push(`${tarball} README: ${target} names no file of this repository`);
      continue;
    }
    if (/^[a-z]+:/i.test(target)) continue; // another site
    relative++;
    const file = posix.normalize(target.split("#")[0]);
    if (file.startsWith("..") || !files.has(file))
      problems.push(`${tarball} README: the relative link ${target} is not a file of the tarball`);
  }
  console.log(
    `${tarball}: LICENSE ${files.has("LICENSE") ? "present" : "MISSING"}; README links: ${relative} relative, ${absolute} into the repository, all checked`,
  );
}

// 3: the types, from ESM and CommonJS, with skipLibCheck false.
const USE_SDK = `
const clipia = new Clipia({ apiKey: "clipia_test_abc", baseUrl: "http://127.0.0.1:4010" });
const estimate: Promise<{ credits: number }> = clipia.models.estimate("nano-banana-2", { input: { prompt: "x" } });
void estimate;
`;
const USE_SANDBOX = `
const sandbox = sandboxModule.createSandbox({ seed: 7 });
const key: string = sandbox.keys.test;
void key;
void nodeModule.startSandboxServer;
`;
const cases = [
  {
    name: "ESM (NodeNext, .mts)",
    type: "module",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    file: "consumer.mts",
    code: `import Clipia from "@clipia/sdk";\nimport * as sandboxModule from "@clipia/sandbox";\nimport * as nodeModule from "@clipia/sandbox/node";\n${USE_SDK}${USE_SANDBOX}`,
  },
  {
    name: "CommonJS (NodeNext, .cts)",
    type: "commonjs",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    file: "consumer.cts",
    code: `import Clipia = require("@clipia/sdk");\nimport sandboxModule = require("@clipia/sandbox");\nimport nodeModule = require("@clipia/sandbox/node");\n${USE_SDK}${USE_SANDBOX}`,
  },
  {
    name: "CommonJS (module commonjs, node10 resolution, .ts)",
    type: "commonjs",
    module: "commonjs",
    moduleResolution: "node10",
    file: "consumer.ts",
    code: `import Clipia = require("@clipia/sdk");\nimport sandboxModule = require("@clipia/sandbox");\nimport nodeModule = require("@clipia/sandbox/node");\n${USE_SDK}${USE_SANDBOX}`,
  },
];
for (const c of cases) {
  const work = mkdtempSync(join(tmpdir(), "clipia-types-"));
  try {
    mkdirSync(join(work, "node_modules/@types"), { recursive: true });
    symlinkSync(realpathSync(join(dir, "node_modules/@clipia")), join(work, "node_modules/@clipia"), "dir");
    symlinkSync(realpathSync(join(dir, "node_modules/msw")), join(work, "node_modules/msw"), "dir");
    symlinkSync(realpathSync(join(root, "node_modules/@types/node")), join(work, "node_modules/@types/node"), "dir");
    writeFileSync(join(work, "package.json"), JSON.stringify({ name: "types-consumer", private: true, type: c.type }));
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: c.module,
          moduleResolution: c.moduleResolution,
          lib: ["ES2022", "DOM"],
          types: ["node"],
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          esModuleInterop: true,
        },
        files: [c.file],
      }),
    );
    writeFileSync(join(work, c.file), c.code);
    try {
      execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", work, "--pretty", "false"], {
        encoding: "utf8",
        stdio: "pipe",
      });
      console.log(`types compile: ${c.name}, skipLibCheck false`);
    } catch (error) {
      problems.push(`types, ${c.name}:\n${`${error.stdout ?? ""}${error.stderr ?? ""}`.trim().replace(/^/gm, "    ")}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exitCode = 1;
}
