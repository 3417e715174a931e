import { defineConfig } from "tsup";

// One build for the three entries (tsup runs array configs in parallel, and their `clean` steps
// would race). The CLI's `#!/usr/bin/env node` line sits at the top of src/node/cli.ts: esbuild keeps an
// entry's hashbang, so only dist/cli.* get it. Dependencies and peers (msw) stay external.
export default defineConfig({
  entry: { index: "src/index.ts", "node/index": "src/node/index.ts", cli: "src/node/cli.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", "node/index": "src/node/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
});
