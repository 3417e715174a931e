import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// SPEC §5: "The package root has no Node-only import." Walks every module the root reaches through
// static and dynamic imports and fails on a `node:` specifier, a bare Node built-in, or src/node/.
const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const BUILTINS = new Set(builtinModules);

function reachable(entry: string): Map<string, string[]> {
  const imports = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (imports.has(file)) continue;
    // Comments dropped: JSDoc examples show imports (`msw/node`) that the module does not make.
    const text = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
    imports.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith(".")) queue.push(join(dirname(file), specifier.replace(/\.js$/, ".ts")));
    }
  }
  return imports;
}

describe("the package root", () => {
  const graph = reachable(join(SRC, "index.ts"));

  it("reaches the core modules (the walk itself works)", () => {
    const files = [...graph.keys()].map((file) => relative(SRC, file));
    expect(files).toEqual(expect.arrayContaining(["index.ts", "msw.ts", "create-sandbox.ts", "app/sandbox.ts"]));
    for (const part of ["http/", "engine/", "api/", "control/", "app/"]) {
      expect(files.some((file) => file.startsWith(part))).toBe(true);
    }
    // The console's browser bundle is served by the Node server only.
    expect(files.filter((file) => file.startsWith("console/"))).toEqual([]);
  });

  it("imports nothing Node-only", () => {
    const offending = [...graph].flatMap(([file, specifiers]) =>
      specifiers
        .filter((s) => s.startsWith("node:") || BUILTINS.has(s.split("/")[0]!) || /(^|\/)node(\/|$)/.test(s))
        .map((s) => `${relative(SRC, file)} → ${s}`),
    );
    expect(offending).toEqual([]);
  });
});
