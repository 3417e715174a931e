// Every TypeScript/JavaScript code block in the READMEs and guides must be real code: its lines
// must appear, in order and contiguous (indentation and blank lines aside), in a file under
// examples/, which CI runs. A block that is only a fragment of an example still matches.
// Also: no document says `npx clipia-sandbox` (npx would look for a package of that name, which is
// not ours); the command is `npx -p @clipia/sandbox clipia-sandbox`.
// Usage: node scripts/check-readme-snippets.mjs
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const DOCS = [
  "README.md",
  "examples/README.md",
  "packages/sdk/README.md",
  "packages/sandbox/README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const CODE = /^```(ts|typescript|js|javascript|mjs)(\s+fragment)?\s*$/; // `ts fragment`: see check-snippets-compile.mjs

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|mjs|js)$/.test(name) ? [path] : [];
  });
}
const lines = (text) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
const examples = files(join(root, "examples")).map((path) => ({
  path: relative(root, path),
  lines: lines(readFileSync(path, "utf8")),
}));

function contains(haystack, needle) {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

let blocks = 0;
const missing = [];
const NPX_WITHOUT_PACKAGE = /\bnpx\s+(?:-y\s+|--yes\s+)?clipia-sandbox\b/;
for (const doc of DOCS) {
  const text = readFileSync(join(root, doc), "utf8").split("\n");
  text.forEach((line, at) => {
    if (NPX_WITHOUT_PACKAGE.test(line))
      missing.push(`${doc}:${at + 1}: write \`npx -p @clipia/sandbox clipia-sandbox\`, not \`npx clipia-sandbox\``);
  });
  for (let i = 0; i < text.length; i++) {
    if (!CODE.test(text[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < text.length && !text[end].startsWith("```")) end++;
    const snippet = lines(text.slice(start, end).join("\n"));
    i = end;
    blocks++;
    const found = examples.find((example) => contains(example.lines, snippet));
    if (!found)
      missing.push(
        `${doc}:${start}: no file under examples/ contains this block:\n    ${snippet.slice(0, 3).join("\n    ")}`,
      );
  }
}
if (missing.length > 0) {
  console.error(missing.join("\n"));
  process.exitCode = 1;
} else {
  console.log(`${blocks} code blocks in ${DOCS.length} documents, each found in a file under examples/`);
}
