import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Two rules of the source that no behaviour test can see until they are broken somewhere new:
// - the store is the only writer of what it holds (engine/store.ts and engine/record-store.ts,
//   the class it extends): each mutation method marks the change itself, so whether a change
//   reaches the `--state` file never rests on a caller;
// - no back doors: a transport gets what it needs of a sandbox from `buildSandbox`, in the open,
//   never through a hidden property or a global symbol.
const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
// The store: `Store` and the `RecordStore` it extends.
const STORE = ["engine/store.ts", "engine/record-store.ts"];
// The console's bundled page: minified third-party output, not the sandbox's source.
const GENERATED = "console/ui/generated/";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

const files = sources(SRC)
  .map((path) => ({ name: relative(SRC, path), text: readFileSync(path, "utf8") }))
  .filter((file) => !file.name.startsWith(GENERATED));

/** Every line of src/ (outside `except`) matching `pattern`, as `file:line: text`. */
function linesMatching(pattern: RegExp, except: readonly string[] = []): string[] {
  return files
    .filter((file) => !except.includes(file.name))
    .flatMap((file) =>
      file.text
        .split("\n")
        .flatMap((line, index) => (pattern.test(line) ? [`${file.name}:${index + 1}: ${line.trim()}`] : [])),
    );
}

const STORED =
  "accounts|keys|keysByHash|requests|requestsByKey|pending|idempotency|deliveries|pendingDeliveries|faults|outcomes|chats|chatsByKey|logs|logsByAccount";

describe("the store is the only writer of its records", () => {
  it("nobody marks the journal or counts a row change by hand", () => {
    expect(linesMatching(/\.mark\(|\.journal\b|\.version\s*=[^=]/, [...STORE, "engine/journal.ts"])).toEqual([]);
  });

  it("nobody writes the store's maps or fields directly", () => {
    expect(linesMatching(new RegExp(`\\bstore\\.(${STORED})\\.(set|delete|clear|add|push|splice)\\(`), STORE)).toEqual(
      [],
    );
    expect(linesMatching(/\bstore\.(counters|defaultAccountId|defaultKeys|faults|outcomes)\s*=[^=]/, STORE)).toEqual(
      [],
    );
  });

  it("nobody edits a stored record in place", () => {
    const inPlace =
      /\b(account|key|request|delivery)\.[a-z_]+\s*(\+|-)?=[^=]|\b(account|key|request|delivery)\.[a-z_]+(\+\+|--)|Object\.assign\((account|key|request|delivery)\b|\.attempts\.push\(/;
    expect(linesMatching(inPlace, STORE)).toEqual([]);
  });

  it("faults and outcomes are counted down only through the store", () => {
    expect(linesMatching(/import \{[^}]*\btake(Fault|Outcome)\b/, STORE)).toEqual([]);
  });
});

describe("no back doors", () => {
  it("no hidden property and no global symbol carries a sandbox's core or state", () => {
    expect(linesMatching(/Object\.defineProperty\(|Symbol\.for\(/)).toEqual([]);
  });
});
