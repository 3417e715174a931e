// A small JSON Schema (2020-12, as OpenAPI 3.1 uses it) validator covering what openapi.yaml
// uses: $ref, type (one or several, "null" included), enum, const, oneOf, anyOf, allOf,
// properties, required, additionalProperties, items, minItems, minimum, maximum, minLength,
// maxLength, pattern and the formats uuid, uri and date-time. The sandbox has no runtime
// dependency; this keeps it that way for the one command that needs a validator.

/** A JSON Schema object (or `true`/`false`). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i,
};

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === "number" && actual === "integer");
}

/** Resolves a local `#/…` reference inside `root`. */
export function resolveRef(root: unknown, ref: string): JsonSchema {
  if (!ref.startsWith("#/")) throw new Error(`only local $ref are supported, got ${ref}`);
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, unknown> | undefined)?.[part];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node as JsonSchema;
}

/**
 * Validates `value` against `schema` (whose `$ref`s resolve inside `root`); returns the
 * problems found, each prefixed with the JSON path of the value (`$.data[0].slug`), or `[]`.
 */
export function validateSchema(root: unknown, schema: JsonSchema, value: unknown, path = "$"): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: no value is allowed here`];
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === "string") return validateSchema(root, resolveRef(root, s.$ref), value, path);
  const errors: string[] = [];
  const actual = typeOf(value);

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((type) => typeMatches(type, actual))) return [`${path}: expected ${types.join(" or ")}, got ${actual}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((item) => item === value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if ("const" in s && s.const !== value) errors.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as JsonSchema[]) errors.push(...validateSchema(root, sub, value, path));
  if (Array.isArray(s.oneOf)) {
    const passing = (s.oneOf as JsonSchema[]).filter((sub) => validateSchema(root, sub, value, path).length === 0).length;
    if (passing !== 1) errors.push(`${path}: matches ${passing} of the oneOf alternatives, expected exactly 1`);
  }
  if (Array.isArray(s.anyOf) && !(s.anyOf as JsonSchema[]).some((sub) => validateSchema(root, sub, value, path).length === 0)) {
    errors.push(`${path}: matches none of the anyOf alternatives`);
  }

  if (actual === "string") {
    const text = value as string;
    if (typeof s.minLength === "number" && text.length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === "number" && text.length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`);
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(text)) errors.push(`${path}: does not match ${s.pattern}`);
    const format = typeof s.format === "string" ? FORMATS[s.format] : undefined;
    if (format && !format.test(text)) errors.push(`${path}: not a valid ${String(s.format)}`);
  }
  if (actual === "integer" || actual === "number") {
    const number = value as number;
    if (typeof s.minimum === "number" && number < s.minimum) errors.push(`${path}: below the minimum ${s.minimum}`);
    if (typeof s.maximum === "number" && number > s.maximum) errors.push(`${path}: above the maximum ${s.maximum}`);
  }
  if (actual === "array") {
    const items = value as unknown[];
    if (typeof s.minItems === "number" && items.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
    if (s.items !== undefined) items.forEach((item, i) => errors.push(...validateSchema(root, s.items as JsonSchema, item, `${path}[${i}]`)));
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (s.required ?? []) as string[]) if (!(name in object)) errors.push(`${path}: missing required field "${name}"`);
    for (const [name, item] of Object.entries(object)) {
      const sub = properties[name] ?? (s.additionalProperties as JsonSchema | undefined) ?? true;
      if (sub === false) errors.push(`${path}: unexpected field "${name}"`);
      else errors.push(...validateSchema(root, sub, item, `${path}.${name}`));
    }
  }
  return errors;
}
