// After tsup: `require("@clipia/sdk")` is the Clipia class itself (src/cjs.cts), but tsup writes
// dist/index.d.cts from index.ts, whose `export { …, Clipia as default }` types a CommonJS require
// as the module object: `new Clipia()` from CommonJS TypeScript was TS2351 (not constructable).
// The declarations move to dist/exports.d.cts, and dist/index.d.cts says what the require gives:
// `export = Clipia`, a class with every named export merged in as `namespace Clipia` (the shape
// openai-node declares), so `import Clipia = require("@clipia/sdk")`, `new Clipia()`,
// `Clipia.RateLimitError` and the types `Clipia.SubmitResponse` all work.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = (name) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
const text = readFileSync(dist("index.d.cts"), "utf8");
const MARK = '// require("@clipia/sdk") is the Clipia class';
if (text.startsWith(MARK)) process.exit(0); // already rewritten (a second run on the same build)
const match = /^export \{([^}]*)\};\s*$/m.exec(text);
if (!match) throw new Error("cjs-types: no final `export { … };` in dist/index.d.cts (did tsup's output change?)");

const members = [];
for (const raw of match[1]
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean)) {
  const [, local, exported = local] = /^(?:type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(raw) ?? [];
  if (!local) throw new Error(`cjs-types: cannot read export "${raw}"`);
  if (exported !== "default") members.push(`  export import ${exported} = sdk.${exported};`);
}
if (!members.some((line) => line.includes("import Clipia ="))) throw new Error("cjs-types: Clipia is not exported");
// \`export import\` cannot alias what was exported with \`export type\`; in a declaration file the
// modifier changes nothing else.
const exportsText =
  text.slice(0, match.index) + match[0].replace(/\btype\s+(?=[\w$]+)/g, "") + text.slice(match.index + match[0].length);
writeFileSync(dist("exports.d.cts"), exportsText);
writeFileSync(
  dist("index.d.cts"),
  `// require("@clipia/sdk") is the Clipia class, every named export on it (scripts/cjs-types.mjs).
import * as sdk from "./exports.cjs";

/** The Clipia API client; \`require("@clipia/sdk")\` is this class, with every export of the package on it. */
declare class Clipia extends sdk.Clipia {}
declare namespace Clipia {
${members.join("\n")}
}
export = Clipia;
`,
);
