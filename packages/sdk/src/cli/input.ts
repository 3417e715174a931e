import { readFile } from "node:fs/promises";
import type { InputField } from "../index.js";
import { CliError, EXIT, usage } from "./exit-codes.js";
import type { CliIo } from "./io.js";

/** The object of `--input`: inline JSON, `@file.json`, or `-` for stdin. `{}` when absent. */
export async function readInput(
  value: string | undefined,
  io: CliIo,
  command: string,
): Promise<Record<string, unknown>> {
  if (value === undefined) return {};
  let text: string;
  let source = "--input";
  if (value === "-") {
    source = "--input - (stdin)";
    text = "";
    const decoder = new TextDecoder();
    for await (const chunk of io.stdin)
      text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  } else if (value.startsWith("@")) {
    source = `--input ${value}`;
    try {
      text = await readFile(value.slice(1), "utf8");
    } catch (error) {
      throw usage(
        `cannot read ${value.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        command,
      );
    }
  } else {
    text = value;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw usage(`${source} is not valid JSON: ${(error as Error).message}`, command);
  }
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw usage(`${source} must be a JSON object`, command);
  return input as Record<string, unknown>;
}

/** Splits `field=value` (the first `=`). */
function splitSet(pair: string, command: string): [string, string] {
  const at = pair.indexOf("=");
  if (at <= 0) throw usage(`--set takes field=value (got '${pair}')`, command);
  return [pair.slice(0, at), pair.slice(at + 1)];
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  "1": true,
  "0": false,
  on: true,
  off: false,
};

/**
 * One `--set` value typed as the model's `input_schema` says: integers and numbers parsed,
 * booleans from true/false (yes/no, 1/0, on/off), arrays from JSON (`["a","b"]`) or `a,b`.
 * A field the schema does not list stays a string (the API decides). A value that does not
 * parse as its type is exit 7 (invalid input), naming the field.
 */
function typeValue(field: string, raw: string, spec: InputField | undefined): unknown {
  const invalid = (expected: string) =>
    new CliError(EXIT.invalidInput, `--set ${field}: expected ${expected}, got '${raw}'`);
  switch (spec?.type) {
    case "integer":
    case "number": {
      const value = raw.trim() === "" ? Number.NaN : Number(raw);
      if (!Number.isFinite(value) || (spec.type === "integer" && !Number.isInteger(value)))
        throw invalid(`${spec.type === "integer" ? "an integer" : "a number"}`);
      return value;
    }
    case "boolean": {
      const value = BOOLEANS[raw.trim().toLowerCase()];
      if (value === undefined) throw invalid("true or false");
      return value;
    }
    case "array": {
      if (raw.trim().startsWith("[")) {
        try {
          const value: unknown = JSON.parse(raw);
          if (Array.isArray(value)) return value;
        } catch {}
        throw invalid("a JSON array or a,b,c");
      }
      return raw === "" ? [] : raw.split(",").map((item) => item.trim());
    }
    default:
      return raw;
  }
}

/**
 * Applies `--set` pairs over `input`. A field set twice keeps the last value, except an array
 * field, whose values are appended (`--set image_urls=a --set image_urls=b`).
 */
export function applySets(
  input: Record<string, unknown>,
  pairs: readonly string[],
  schema: Record<string, InputField> | undefined,
  command: string,
): Record<string, unknown> {
  const result = { ...input };
  const appended = new Set<string>();
  for (const pair of pairs) {
    const [field, raw] = splitSet(pair, command);
    const spec = schema?.[field];
    const value = typeValue(field, raw, spec);
    if (spec?.type === "array" && appended.has(field) && Array.isArray(result[field])) {
      result[field] = [...(result[field] as unknown[]), ...(value as unknown[])];
    } else {
      result[field] = value;
    }
    appended.add(field);
  }
  return result;
}
