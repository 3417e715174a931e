import { defineConfig } from "tsup";

// One neutral build for every runtime with fetch: Node >= 20, Bun, Deno, edge workers.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  target: "node20",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  treeshake: true,
});
