import { readFile, writeFile } from "node:fs/promises";
import { defineConfig } from "tsup";
import { parse } from "yaml";

// One build for the three entries (tsup runs array configs in parallel, and their `clean` steps
// would race). The CLI's `#!/usr/bin/env node` line sits at the top of src/node/cli-main.ts: esbuild
// keeps an entry's hashbang, so only dist/cli.* get it. Dependencies and peers (msw) stay external.
export default defineConfig({
  entry: { index: "src/index.ts", "node/index": "src/node/index.ts", cli: "src/node/cli-main.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", "node/index": "src/node/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
  // `clipia-sandbox verify` checks live answers against the public contract: a JSON copy of the
  // repository's openapi.yaml ships beside the CLI (the sandbox keeps no runtime dependency, so no YAML parser).
  async onSuccess() {
    const yaml = await readFile(new URL("../../openapi.yaml", import.meta.url), "utf8");
    await writeFile(new URL("./dist/openapi.json", import.meta.url), `${JSON.stringify(parse(yaml))}\n`);
  },
});
