import { readFileSync } from "node:fs";
import { CATALOG } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";

// docs/behaviour-choices.md lists every input field of every generation model with its values
// and sources. This reads that table back and compares it with the catalog, both ways, so the
// documentation cannot drift from what the sandbox accepts.

const DOC = readFileSync(new URL("../../../../docs/behaviour-choices.md", import.meta.url), "utf8");

const generation = CATALOG.filter((entry) => "input_schema" in entry);
const ofType = (type: string) => generation.filter((entry) => entry.type === type).map((entry) => entry.slug);
const ticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "");

/** The models a row's first cell names: "image: `a`, `b`", "image", "video (all six)" or "`a`, `b`". */
function modelsOf(cell: string): string[] {
  const named = ticked(cell);
  if (named.length > 0) return named;
  const type = cell.split(/[\s(:]/)[0] ?? "";
  return ofType(type);
}

interface Row {
  models: string[];
  field: string;
  type: string;
  required: boolean;
  values: string;
}

function rows(): Row[] {
  const start = DOC.indexOf("## The catalog's input fields");
  const table = DOC.slice(start, DOC.indexOf("\nPrices", start));
  return table
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| models") && !line.startsWith("| ---"))
    .map((line) => {
      const cells = line
        .slice(2, -2)
        .split(" | ")
        .map((cell) => cell.trim());
      return {
        models: modelsOf(cells[0] ?? ""),
        field: ticked(cells[1] ?? "")[0] ?? "",
        type: cells[2] ?? "",
        required: cells[3] === "yes",
        values: cells[4] ?? "",
      };
    });
}

describe("docs/behaviour-choices.md: the catalog's input fields", () => {
  const table = rows();

  it("has one row per model and field of the catalog, and no row for a field the catalog lacks", () => {
    const documented = table.flatMap((row) => row.models.map((model) => `${model}.${row.field}`)).sort();
    const actual = generation.flatMap((entry) => Object.keys(entry.input_schema).map((f) => `${entry.slug}.${f}`));
    expect(documented).toEqual(actual.sort());
  });

  it("gives each field's type, requiredness, enum values, bounds and default as the catalog has them", () => {
    for (const row of table) {
      for (const slug of row.models) {
        const entry = generation.find((model) => model.slug === slug);
        const field = entry?.input_schema[row.field];
        const where = `${slug}.${row.field}`;
        expect(field, where).toBeDefined();
        if (!field) continue;
        expect([where, row.type, row.required]).toEqual([where, field.type, field.required]);
        if (field.enum) {
          const listed = ticked(row.values.replace(/\(.*\)/, ""));
          expect([where, listed]).toEqual([where, field.enum.map(String)]);
        }
        if (field.minimum !== undefined && field.maximum !== undefined && field.type === "integer") {
          expect(row.values, where).toContain(`${field.minimum}–${field.maximum}`);
        }
        if (field.default !== undefined) {
          const shown = typeof field.default === "string" ? `(\`${field.default}\`)` : `(${String(field.default)})`;
          expect(row.values, where).toContain(shown);
        }
      }
    }
  });
});
