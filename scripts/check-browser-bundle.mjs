// Bundles each package root for the browser with esbuild, from a project where the tarballs are
// installed, and fails on any Node-only import (node:*, or a bare Node built-in such as "fs").
// Usage: node scripts/check-browser-bundle.mjs PACKED_DIR
import { builtinModules, createRequire } from "node:module";
import { join, resolve } from "node:path";

const dir = resolve(process.argv[2] ?? ".");
// esbuild from the repository (a root devDependency), resolved from here.
const esbuild = createRequire(import.meta.url)("esbuild");
const builtins = new Set(builtinModules);

let failed = false;
for (const entry of ["@clipia/sdk", "@clipia/sandbox"]) {
  const nodeImports = [];
  const result = await esbuild.build({
    stdin: { contents: `export * from "${entry}";`, resolveDir: dir, loader: "js" },
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    logLevel: "silent",
    plugins: [
      {
        name: "no-node-builtins",
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            const bare = args.path.replace(/^node:/, "").split("/")[0];
            if (args.path.startsWith("node:") || builtins.has(bare)) {
              nodeImports.push(
                `${args.path} (imported by ${args.importer.replace(`${join(dir, "node_modules")}/`, "")})`,
              );
              return { path: args.path, external: true };
            }
            return undefined;
          });
        },
      },
    ],
  });
  const size = (result.outputFiles[0].contents.length / 1024).toFixed(0);
  if (nodeImports.length > 0) {
    failed = true;
    console.error(`${entry}: Node-only imports in the browser bundle:\n  ${[...new Set(nodeImports)].join("\n  ")}`);
  } else {
    console.log(`${entry}: browser bundle ok (${size} KiB with its dependencies, no Node-only import)`);
  }
}
if (failed) process.exitCode = 1;
