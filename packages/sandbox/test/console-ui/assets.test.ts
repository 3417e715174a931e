import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM script without types
import { buildConsoleAssets } from "../../scripts/build-console.mjs";

// The built console is committed (src/console/ui/generated/assets.ts) like the SDK's generated
// types: it must match its sources, and only the node/ subpath may load it.
const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      if (specifier!.startsWith(".")) queue.push(join(dirname(file), specifier!.replace(/\.js$/, ".ts")));
    }
  }
  return [...seen].map((file) => relative(SRC, file));
}

describe("the console bundle", () => {
  it("is up to date with src/console/ui (run node packages/sandbox/scripts/build-console.mjs)", async () => {
    const committed = readFileSync(join(SRC, "console/ui/generated/assets.ts"), "utf8");
    expect(committed === (await buildConsoleAssets()), "generated/assets.ts is stale").toBe(true);
  }, 30_000);

  it("is reached from the node/ subpath only, never from the package root", () => {
    expect(reachable(join(SRC, "index.ts")).filter((file) => file.startsWith("console/ui/"))).toEqual([]);
    expect(reachable(join(SRC, "node/index.ts"))).toContain("console/ui/generated/assets.ts");
  });

  it("stays small (a budget, so a framework or a bundled dependency is a deliberate choice)", () => {
    const size = readFileSync(join(SRC, "console/ui/generated/assets.ts")).byteLength;
    expect(size).toBeLessThan(64 * 1024);
  });
});
