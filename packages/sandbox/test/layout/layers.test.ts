import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The sandbox's source in one-way layers (the package README's layout table): each part imports
// only the parts below it. Parts on one rank (api and control; the transports and the console)
// do not import each other.
const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const RANKS: Record<string, number> = {
  catalog: 0,
  http: 1,
  engine: 2,
  api: 3,
  control: 3,
  app: 4,
  console: 5,
  "msw.ts": 5,
  "create-sandbox.ts": 6,
  "index.ts": 7,
  node: 7,
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((match) =>
    resolve(dirname(file), match[1]!.replace(/\.js$/, ".ts")),
  );
}

const partOf = (file: string): string => relative(SRC, file).split("/")[0]!;
const files = sources(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe("the sandbox's layers", () => {
  it("knows every top-level part of src/ (a new part must be given its rank)", () => {
    const parts = new Set(files.map(partOf));
    expect([...parts].filter((part) => RANKS[part] === undefined)).toEqual([]);
    expect(parts.size).toBeGreaterThanOrEqual(10);
  });

  it("each part imports only the parts below it", () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      const from = partOf(file);
      for (const target of imports) {
        const to = partOf(target);
        if (to !== from && RANKS[to]! >= RANKS[from]!) upward.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("no import cycle between files", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
