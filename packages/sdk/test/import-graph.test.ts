import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../src", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.c?ts$/.test(path) ? [path] : [];
  });
}

/** The files `file` imports by a relative path (`import type`, `export … from` and `import()` included). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts"));
}

/** Import cycles of `graph` (file → the files it imports): at least one for each, as the files it goes through. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    if (path.includes(file)) return void found.push(path.slice(path.indexOf(file)));
    if (done.has(file)) return;
    for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

describe("the import graph of src", () => {
  it("has no cycle: each file imports only files under it (the type-only imports included)", () => {
    const files = sources(src);
    const graph = new Map(files.map((file) => [relative(src, file), importsOf(file).map((to) => relative(src, to))]));
    expect([...graph.keys()]).toContain("resources/queue.ts");
    expect(graph.get("client.ts")).toContain("resources/queue.ts");
    expect(cycles(graph)).toEqual([]);
  });

  it("the check finds a cycle, direct or through other files", () => {
    const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
    expect(cycles(graph({ "client.ts": ["resources/key.ts"], "resources/key.ts": ["client.ts"] }))).toEqual([
      ["client.ts", "resources/key.ts"],
    ]);
    expect(cycles(graph({ a: ["b"], b: ["c"], c: ["a"], d: ["a"] }))).toEqual([["a", "b", "c"]]);
    expect(cycles(graph({ a: ["b", "c"], b: ["c"], c: [] }))).toEqual([]);
  });
});
