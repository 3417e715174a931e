import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };
import { VERSION } from "../src/version.js";

const root = fileURLToPath(new URL("..", import.meta.url));
/** `import { Clipia }` bundled with openapi-fetch, minified, gzipped (level 9). Raise it on purpose only. */
const BUDGET_GZIP_BYTES = 8 * 1024;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.c?ts$/.test(path) ? [path] : [];
  });
}

async function bundle(contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("portability and size", () => {
  it("has no node: import (nor a bare Node builtin) in src, the Node-only CLI aside", () => {
    const offenders = sources(join(root, "src"))
      .filter((file) => !file.includes("/src/cli/"))
      .filter((file) =>
        /from\s+["'](node:|fs|path|crypto|http|https|util|os|stream|buffer)["']|require\(["']node:|import\(["']node:/.test(
          readFileSync(file, "utf8"),
        ),
      );
    expect(offenders).toEqual([]);
  });

  it(`bundles \`import { Clipia }\` for a neutral platform within ${BUDGET_GZIP_BYTES / 1024} KiB min+gz`, async () => {
    const code = await bundle(`import { Clipia } from "./src/index.ts"; console.log(Clipia);`);
    expect(code).not.toMatch(/["']node:/);
    expect(gzipSync(code, { level: 9 }).byteLength).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it("leaves verifyWebhook out of a bundle that does not use it (and the other way round)", async () => {
    const client = await bundle(`import { Clipia } from "./src/index.ts"; console.log(Clipia);`);
    expect(client).not.toContain("x-clipia-signature");
    const webhooks = await bundle(`import { verifyWebhook } from "./src/index.ts"; console.log(verifyWebhook);`);
    expect(webhooks).toContain("x-clipia-signature");
    expect(webhooks).not.toContain("/v1/requests/");
    expect(gzipSync(webhooks, { level: 9 }).byteLength).toBeLessThan(1_500);
  });

  it("exports the package.json version", () => {
    expect(VERSION).toBe(pkg.version);
  });
});
