import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { VERSION } from "../src/version.js";

const root = fileURLToPath(new URL("..", import.meta.url));
/** Gzipped budget of the whole SDK bundled with openapi-fetch, minified. Raise it on purpose only. */
const BUDGET_GZIP_BYTES = 12 * 1024;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("portability and size", () => {
  it("has no node: import (nor a bare Node builtin) in src", () => {
    const offenders = sources(join(root, "src")).filter((file) =>
      /from\s+["'](node:|fs|path|crypto|http|https|util|os|stream|buffer)["']|require\(["']node:|import\(["']node:/.test(
        readFileSync(file, "utf8"),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it("bundles for a neutral platform (no Node builtins) within the size budget", async () => {
    const result = await build({
      entryPoints: [join(root, "src/index.ts")],
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      mainFields: ["module", "main"],
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/["']node:/);
    const gzip = gzipSync(code).byteLength;
    expect(gzip).toBeLessThan(BUDGET_GZIP_BYTES);
  });

  it.skipIf(!existsSync(join(root, "dist/index.js")))("has no node: import in the built output (dist)", () => {
    for (const file of ["dist/index.js", "dist/index.cjs"]) {
      expect(readFileSync(join(root, file), "utf8")).not.toMatch(/["']node:/);
    }
  });

  it("sends the package.json version", () => {
    expect(VERSION).toBe(pkg.version);
  });
});
