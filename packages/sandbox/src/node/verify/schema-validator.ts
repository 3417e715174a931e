// A small JSON Schema (2020-12, as OpenAPI 3.1 uses it) validator covering what openapi.yaml
// uses. The sandbox has no runtime dependency; this keeps it that way for the one command that
// needs a validator. It must never pass an answer for want of understanding its schema: a keyword
// it does not implement (or a format it does not know) is an error, not something to skip
// (docs/behaviour-choices.md). Grow IMPLEMENTED, and its test, before openapi.yaml uses more.

/** A JSON Schema object (or `true`/`false`). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** The keywords `validateSchema` checks, and nothing else asserts. */
export const IMPLEMENTED_KEYWORDS: ReadonlySet<string> = new Set([
  "$ref",
  "type",
  "enum",
  "const",
  "allOf",
  "oneOf",
  "anyOf",
  "not",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "minItems",
  "items",
  "required",
  "properties",
  "additionalProperties",
]);

/** Keywords that only annotate (JSON Schema's meta-data vocabulary, OpenAPI's `example`): nothing to check. */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  "title",
  "description",
  "$comment",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "examples",
  "example",
]);

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i,
};

const TYPES: ReadonlySet<string> = new Set(["null", "boolean", "object", "array", "number", "integer", "string"]);

/** Thrown for a schema that uses what this validator does not implement. */
export class UnsupportedSchemaError extends Error {
  override readonly name = "UnsupportedSchemaError";
}

/** What `schema` itself (not its subschemas) uses that is not implemented, as messages; `[]` when all is. */
function unsupportedIn(schema: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const keyword of Object.keys(schema)) {
    if (!IMPLEMENTED_KEYWORDS.has(keyword) && !ANNOTATION_KEYWORDS.has(keyword)) found.push(`keyword "${keyword}"`);
  }
  if (schema.format !== undefined && !(typeof schema.format === "string" && Object.hasOwn(FORMATS, schema.format))) {
    found.push(`format ${JSON.stringify(schema.format)}`);
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  for (const type of types)
    if (typeof type !== "string" || !TYPES.has(type)) found.push(`type ${JSON.stringify(type)}`);
  return found;
}

/** The subschemas of `schema`, with the JSON pointer step to each. */
function subschemas(schema: Record<string, unknown>): Array<[string, unknown]> {
  const children: Array<[string, unknown]> = [];
  for (const keyword of ["allOf", "oneOf", "anyOf"]) {
    const list = schema[keyword];
    if (Array.isArray(list)) {
      for (const [i, sub] of list.entries()) children.push([`${keyword}/${i}`, sub]);
    }
  }
  if (schema.not !== undefined) children.push(["not", schema.not]);
  if (schema.items !== undefined) children.push(["items", schema.items]);
  if (typeof schema.additionalProperties === "object")
    children.push(["additionalProperties", schema.additionalProperties]);
  const properties = schema.properties;
  if (properties !== null && typeof properties === "object") {
    for (const [name, sub] of Object.entries(properties))
      children.push([`properties/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`, sub]);
  }
  return children;
}

/**
 * Throws {@link UnsupportedSchemaError} naming every keyword, format or type that `schema` or
 * any of its subschemas uses and `validateSchema` does not implement. `at` is the JSON pointer
 * of `schema`, for the message.
 */
export function assertSupportedSchema(schema: unknown, at = "#"): void {
  const problems: string[] = [];
  const visit = (node: unknown, pointer: string) => {
    if (typeof node === "boolean") return;
    if (node === null || typeof node !== "object" || Array.isArray(node)) {
      problems.push(`${pointer}: not a schema`);
      return;
    }
    const object = node as Record<string, unknown>;
    for (const what of unsupportedIn(object)) problems.push(`${pointer}: ${what}`);
    for (const [step, sub] of subschemas(object)) visit(sub, `${pointer}/${step}`);
  };
  visit(schema, at);
  if (problems.length > 0)
    throw new UnsupportedSchemaError(`the verify validator does not implement ${problems.join("; ")}`);
}

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
  const unsupported = unsupportedIn(s);
  if (unsupported.length > 0)
    throw new UnsupportedSchemaError(`the verify validator does not implement ${unsupported.join(", ")} (at ${path})`);
  // 2020-12: `$ref` applies beside its sibling keywords, not instead of them.
  const errors: string[] =
    typeof s.$ref === "string" ? validateSchema(root, resolveRef(root, s.$ref), value, path) : [];
  const actual = typeOf(value);

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((type) => typeMatches(type, actual)))
      return [...errors, `${path}: expected ${types.join(" or ")}, got ${actual}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((item) => item === value))
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if ("const" in s && s.const !== value) errors.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.allOf))
    for (const sub of s.allOf as JsonSchema[]) errors.push(...validateSchema(root, sub, value, path));
  if (Array.isArray(s.oneOf)) {
    const passing = (s.oneOf as JsonSchema[]).filter(
      (sub) => validateSchema(root, sub, value, path).length === 0,
    ).length;
    if (passing !== 1) errors.push(`${path}: matches ${passing} of the oneOf alternatives, expected exactly 1`);
  }
  if (
    Array.isArray(s.anyOf) &&
    !(s.anyOf as JsonSchema[]).some((sub) => validateSchema(root, sub, value, path).length === 0)
  ) {
    errors.push(`${path}: matches none of the anyOf alternatives`);
  }
  if (s.not !== undefined && validateSchema(root, s.not as JsonSchema, value, path).length === 0) {
    errors.push(`${path}: matches the schema it must not match`);
  }

  if (actual === "string") {
    const text = value as string;
    if (typeof s.minLength === "number" && text.length < s.minLength)
      errors.push(`${path}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === "number" && text.length > s.maxLength)
      errors.push(`${path}: longer than ${s.maxLength}`);
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(text))
      errors.push(`${path}: does not match ${s.pattern}`);
    const format = typeof s.format === "string" ? FORMATS[s.format] : undefined;
    if (format !== undefined && !format.test(text)) errors.push(`${path}: not a valid ${String(s.format)}`);
  }
  if (actual === "integer" || actual === "number") {
    const number = value as number;
    if (typeof s.minimum === "number" && number < s.minimum) errors.push(`${path}: below the minimum ${s.minimum}`);
    if (typeof s.maximum === "number" && number > s.maximum) errors.push(`${path}: above the maximum ${s.maximum}`);
  }
  if (actual === "array") {
    const items = value as unknown[];
    if (typeof s.minItems === "number" && items.length < s.minItems)
      errors.push(`${path}: fewer than ${s.minItems} items`);
    if (s.items !== undefined) {
      for (const [i, item] of items.entries()) {
        errors.push(...validateSchema(root, s.items as JsonSchema, item, `${path}[${i}]`));
      }
    }
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (s.required ?? []) as string[])
      if (!(name in object)) errors.push(`${path}: missing required field "${name}"`);
    for (const [name, item] of Object.entries(object)) {
      const sub = properties[name] ?? (s.additionalProperties as JsonSchema | undefined) ?? true;
      if (sub === false) errors.push(`${path}: unexpected field "${name}"`);
      else errors.push(...validateSchema(root, sub, item, `${path}.${name}`));
    }
  }
  return errors;
}
