// Every TypeScript code block of the READMEs and guides must compile as pasted: each ```ts block
// becomes a file of a temporary ESM project that depends on the packages (the packed tarballs as
// installed in DIR, or the built packages of this repository), and tsc checks them all with
// `strict` and `skipLibCheck: false`. ```cjs blocks are checked as CommonJS JavaScript (checkJs).
// A block that is deliberately a fragment (it uses names defined elsewhere on the page or in its
// example) says so in its info string, ```ts fragment, and is skipped; the count is printed.
// Usage: node scripts/check-snippets-compile.mjs [DIR]   (DIR: a project where the tarballs are installed)
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const installed = process.argv[2];
const DOCS = [
  "README.md",
  "examples/README.md",
  "packages/sdk/README.md",
  "packages/sandbox/README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const FENCE = /^```(\S*)(.*)$/;
const TS = new Set(["ts", "typescript", "mts"]);
const CJS = new Set(["cjs"]);

// Where each dependency of the snippets comes from: the packed packages when DIR is given, the
// built workspace packages otherwise; the test tooling from this repository.
const from = (dir, name) => join(dir, "node_modules", name);
const packagesDir = (name) =>
  installed ? from(installed, name) : join(root, "packages", name.replace("@clipia/", ""));
const deps = {
  "@clipia/sdk": packagesDir("@clipia/sdk"),
  "@clipia/sandbox": packagesDir("@clipia/sandbox"),
  msw: installed && existsSync(from(installed, "msw")) ? from(installed, "msw") : from(root, "msw"),
  // docs/chat.md calls the AI gateway with the stock openai SDK, as Clipia's docs do.
  openai: from(root, "openai"),
  vitest: from(root, "vitest"),
  "@types/node": from(root, "@types/node"),
};
for (const [name, path] of Object.entries(deps)) {
  if (!existsSync(join(path, "package.json")))
    throw new Error(
      `${name} not found at ${path}${name.startsWith("@clipia") && !installed ? " (run pnpm build)" : ""}`,
    );
}

const work = mkdtempSync(join(tmpdir(), "clipia-snippets-"));
let exitCode = 0;
try {
  for (const [name, path] of Object.entries(deps)) {
    mkdirSync(dirname(from(work, name)), { recursive: true });
    symlinkSync(realpathSync(path), from(work, name), "dir");
  }
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "clipia-snippets", private: true, type: "module" }));
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"],
        types: ["node"],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        allowJs: true,
        checkJs: true,
        isolatedModules: true,
      },
      include: ["*.ts", "*.cjs"],
    }),
  );

  const origin = new Map();
  let checked = 0;
  let fragments = 0;
  for (const doc of DOCS) {
    const lines = readFileSync(join(root, doc), "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      const fence = FENCE.exec(lines[i]);
      if (!fence || fence[1] === "") continue;
      let end = i + 1;
      while (end < lines.length && !lines[end].startsWith("```")) end++;
      const [lang, rest] = [fence[1], fence[2].trim().split(/\s+/)];
      const body = lines.slice(i + 1, end).join("\n");
      const start = i + 1;
      i = end;
      if (!TS.has(lang) && !CJS.has(lang)) continue;
      if (rest.includes("fragment")) {
        fragments++;
        continue;
      }
      checked++;
      const file = `${doc.replace(/[/.]/g, "_")}_L${start + 1}.${CJS.has(lang) ? "cjs" : "ts"}`;
      origin.set(file, { doc, start });
      // A pasted block is a module of its own; `export {}` keeps two blocks' names apart.
      writeFileSync(join(work, file), CJS.has(lang) ? `${body}\n` : `${body}\nexport {};\n`);
    }
  }
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", work, "--pretty", "false"], {
      cwd: work,
      encoding: "utf8",
      stdio: "pipe",
    });
    console.log(
      `${checked} code blocks compile as pasted (strict, skipLibCheck false, against ${installed ? "the packed packages" : "the built packages"}); ${fragments} marked as fragments, skipped`,
    );
  } catch (error) {
    const output = `${error.stdout ?? ""}${error.stderr ?? ""}`;
    // Point each error at the document and line of the block.
    console.error(
      output
        .replace(/^(\S+?)\((\d+),(\d+)\)/gm, (all, file, line) => {
          const at = origin.get(file);
          return at ? `${at.doc}:${at.start + Number(line)}` : all;
        })
        .trim(),
    );
    console.error(`\nA block that is not meant to compile alone must say so: \`\`\`ts fragment`);
    exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = exitCode;
