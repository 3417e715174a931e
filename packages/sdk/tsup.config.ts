import { defineConfig } from "tsup";

// One neutral build for every runtime with fetch: Node >= 20, Bun, Deno, edge workers.
const common = { target: "node20", platform: "neutral", sourcemap: true, treeshake: true } as const;

export default defineConfig([
  // The clean spares the CLI's files: the configs run in parallel, and the CLI's build may write first.
  { ...common, entry: { index: "src/index.ts" }, format: "esm", dts: true, clean: ["!cli.js", "!cli.js.map"] },
  // `require("@clipia/sdk")` gives the class (src/cjs.cts); its types are index.ts's, as .d.cts.
  { ...common, entry: { index: "src/cjs.cts" }, format: "cjs", dts: { entry: { index: "src/index.ts" } } },
  // The `clipia` bin: its own Node-only build (it bundles what it uses of the SDK), so nothing of
  // it reaches the library entries above.
  {
    entry: { cli: "src/cli/main.ts" },
    format: "esm",
    target: "node20",
    platform: "node",
    sourcemap: true,
    banner: { js: "#!/usr/bin/env node" },
  },
]);
