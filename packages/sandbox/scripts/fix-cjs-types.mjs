// After tsup: the CommonJS declarations (dist/**/*.d.cts) import msw's types in ESM mode.
// msw's own CommonJS declarations import the ESM-only `rettime`, so a CommonJS TypeScript project
// (module node16/nodenext) with `skipLibCheck: false` got TS1479 errors from them just for
// depending on @clipia/sandbox, MSW used or not. `import type … with { "resolution-mode": "import" }`
// loads msw's .d.mts instead; the bare `import 'msw';` lines rollup-plugin-dts leaves in
// declaration files do nothing but load those types, so they go. (tsup's dts step drops import attributes.)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist", import.meta.url));
const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".d.cts") ? [join(dir, e.name)] : [],
  );
let changed = 0;
for (const file of files(dist)) {
  const before = readFileSync(file, "utf8");
  const after = before
    .replace(/^import \{([^}]*)\} from 'msw';$/gm, `import type {$1} from 'msw' with { 'resolution-mode': 'import' };`)
    .replace(/^import 'msw';\n/gm, "");
  if (after !== before) {
    writeFileSync(file, after);
    changed++;
  }
}
if (changed === 0) throw new Error("fix-cjs-types: no msw import found in dist/**/*.d.cts (did the build change?)");
