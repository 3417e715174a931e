// A value that satisfies a JSON Schema: the sandbox's tool-call `arguments` and `json_schema`
// replies (SPEC v3 §2.2 D). Deterministic: the same schema always gives the same value.
//
// Supported: `const`, `enum` (its first value), `type` (a name or a list: the first that is not
// "null"; inferred from `properties`/`items` when absent), `object` (`properties`, every one of
// them filled, `required` ones included even when not described), `string` (`minLength`,
// `maxLength`, and the formats `date-time`, `date`, `time`, `email`, `uri`/`url`, `uuid`),
// `number`/`integer` (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`),
// `boolean`, `null`, `array` (`items`, `prefixItems`, `minItems`, `maxItems`), `anyOf`/`oneOf`
// (the first branch), `allOf` (the object branches merged), and local `$ref`s (`#/$defs/…`,
// `#/definitions/…`). Not supported: `pattern`, `not`, `if`/`then`, `dependentSchemas`; a schema
// using them gets a value of the right type that may not match.

type Schema = Record<string, unknown>;

const MAX_DEPTH = 24;

/** A value valid against `schema`; `name` (the property it fills) makes strings readable. */
export function valueForSchema(schema: unknown, name = "value"): unknown {
  const root = isSchema(schema) ? schema : {};
  return generate(root, root, name, 0);
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `#/a/b` within the root schema; an unresolvable reference reads as the empty schema. */
function resolve(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#")) return {};
  let node: unknown = root;
  for (const part of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isSchema(node) ? node[key] : undefined;
  }
  return isSchema(node) ? node : {};
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) {
    const named = type.filter((t): t is string => typeof t === "string");
    return named.find((t) => t !== "null") ?? named[0];
  }
  if (isSchema(schema.properties) || Array.isArray(schema.required)) return "object";
  if (schema.items !== undefined || schema.prefixItems !== undefined) return "array";
  return undefined;
}

function generate(root: Schema, schema: Schema, name: string, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === "string")
    return generate(root, { ...resolve(root, schema.$ref), ...withoutRef(schema) }, name, depth + 1);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const branches of [schema.anyOf, schema.oneOf]) {
    if (Array.isArray(branches) && branches.length > 0 && isSchema(branches[0])) {
      const { anyOf: _a, oneOf: _o, ...rest } = schema;
      return generate(root, { ...rest, ...branches[0] }, name, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    return generate(root, allOf.filter(isSchema).reduce<Schema>(mergeSchemas, rest), name, depth + 1);
  }
  switch (typeOf(schema)) {
    case "object":
      return objectFor(root, schema, depth);
    case "array":
      return arrayFor(root, schema, name, depth);
    case "string":
      return stringFor(schema, name);
    case "integer":
      return numberFor(schema, true);
    case "number":
      return numberFor(schema, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      // No type given: any value is valid; a string reads best.
      return `sample ${name}`;
  }
}

function withoutRef(schema: Schema): Schema {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

/** Two schemas of `allOf`: properties and `required` united, the rest of the later one winning. */
function mergeSchemas(a: Schema, b: Schema): Schema {
  const properties = {
    ...(isSchema(a.properties) ? a.properties : {}),
    ...(isSchema(b.properties) ? b.properties : {}),
  };
  const required = [
    ...new Set([...(Array.isArray(a.required) ? a.required : []), ...(Array.isArray(b.required) ? b.required : [])]),
  ];
  return { ...a, ...b, properties, required };
}

function objectFor(root: Schema, schema: Schema, depth: number): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required)
    ? schema.required.filter((r): r is string => typeof r === "string")
    : [];
  const value: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    value[key] = generate(root, isSchema(property) ? property : {}, key, depth + 1);
  }
  // A required name without a description: any value will do unless additionalProperties says.
  for (const key of required) {
    if (key in value) continue;
    const extra = isSchema(schema.additionalProperties) ? schema.additionalProperties : {};
    value[key] = generate(root, extra, key, depth + 1);
  }
  return value;
}

function arrayFor(root: Schema, schema: Schema, name: string, depth: number): unknown[] {
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  const min = nonNegative(schema.minItems) ?? 1;
  const max = nonNegative(schema.maxItems) ?? Number.POSITIVE_INFINITY;
  const length = Math.min(Math.max(min, prefix.length, 1), max);
  const items = isSchema(schema.items) ? schema.items : {};
  return Array.from({ length }, (_, i) => {
    const item = i < prefix.length && isSchema(prefix[i]) ? (prefix[i] as Schema) : items;
    return generate(root, item, name, depth + 1);
  });
}

const FORMATS: Record<string, string> = {
  "date-time": "2026-01-01T00:00:00Z",
  date: "2026-01-01",
  time: "00:00:00Z",
  email: "sandbox@example.com",
  uri: "https://example.com/sandbox",
  url: "https://example.com/sandbox",
  uuid: "00000000-0000-4000-8000-000000000000",
};

function stringFor(schema: Schema, name: string): string {
  const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  let text = format ?? `sample ${name}`;
  const min = nonNegative(schema.minLength) ?? 0;
  const max = nonNegative(schema.maxLength);
  while (text.length < min) text += "x";
  if (max !== undefined && text.length > max) text = text.slice(0, max);
  return text;
}

function numberFor(schema: Schema, integer: boolean): number {
  const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
  let low = num(schema.minimum);
  let high = num(schema.maximum);
  const exclusiveLow = num(schema.exclusiveMinimum);
  const exclusiveHigh = num(schema.exclusiveMaximum);
  const step = integer ? 1 : 0.5;
  if (exclusiveLow !== undefined) low = Math.max(low ?? -Infinity, exclusiveLow + step);
  if (exclusiveHigh !== undefined) high = Math.min(high ?? Infinity, exclusiveHigh - step);
  // The smallest allowed value, else 1 when it fits (0 is a poor "count"), else the largest.
  let value = low ?? (high !== undefined && high < 1 ? high : 1);
  if (integer) value = low !== undefined ? Math.ceil(value) : Math.floor(value);
  const multipleOf = num(schema.multipleOf);
  if (multipleOf !== undefined && multipleOf > 0) value = Math.ceil(value / multipleOf) * multipleOf;
  return value;
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}
