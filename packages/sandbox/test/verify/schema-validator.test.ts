import { describe, expect, it, vi } from "vitest";
import {
  ANNOTATION_KEYWORDS,
  assertSupportedDocument,
  assertSupportedSchema,
  IMPLEMENTED_KEYWORDS,
  type OpenApiDocument,
  runVerify,
  UnsupportedSchemaError,
  validateSchema,
  verifyCommand,
} from "../../src/node/verify/index.js";
import { OPENAPI } from "./drift-double.js";

// verify's hand-written validator must never pass an answer for want of understanding its
// schema (docs/behaviour-choices.md): a keyword it does not implement is an error, at once.

/** JSON Schema 2020-12 assertion and applicator keywords the validator does not implement. */
const UNIMPLEMENTED: Array<[keyword: string, schema: Record<string, unknown>, violating: unknown]> = [
  ["maxItems", { type: "array", maxItems: 1 }, [1, 2]],
  ["uniqueItems", { type: "array", uniqueItems: true }, [1, 1]],
  ["exclusiveMinimum", { type: "number", exclusiveMinimum: 0 }, 0],
  ["exclusiveMaximum", { type: "number", exclusiveMaximum: 0 }, 0],
  ["multipleOf", { type: "integer", multipleOf: 2 }, 3],
  ["minProperties", { type: "object", minProperties: 1 }, {}],
  ["maxProperties", { type: "object", maxProperties: 0 }, { a: 1 }],
  ["patternProperties", { type: "object", patternProperties: { "^a": { type: "string" } } }, { a: 1 }],
  ["propertyNames", { type: "object", propertyNames: { pattern: "^b" } }, { a: 1 }],
  ["if", { if: { type: "string" }, then: { minLength: 5 } }, "x"],
  ["contains", { type: "array", contains: { const: 1 } }, [2]],
  ["prefixItems", { type: "array", prefixItems: [{ type: "string" }] }, [1]],
  ["dependentRequired", { type: "object", dependentRequired: { a: ["b"] } }, { a: 1 }],
  ["unevaluatedProperties", { type: "object", properties: {}, unevaluatedProperties: false }, { a: 1 }],
  ["nullable (OpenAPI 3.0)", { type: "string", nullable: false }, null],
  ["a misspelt keyword", { type: "object", requierd: ["a"] }, {}],
];

describe("not (used by openapi.yaml's OtherOutput)", () => {
  it("fails a value that matches the negated schema, passes one that does not, and checks the schema inside", () => {
    const schema = { type: "object", not: { anyOf: [{ required: ["images"] }, { required: ["video"] }] } };
    expect(validateSchema({}, schema, { audio: { url: "u" } })).toEqual([]);
    expect(validateSchema({}, schema, { images: [] })).toEqual(["$: matches the schema it must not match"]);
    expect(() => assertSupportedSchema({ not: { maxItems: 1 } })).toThrow('#/not: keyword "maxItems"');
  });
});

describe("the verify validator refuses what it does not implement", () => {
  it.each(UNIMPLEMENTED)("%s: throws instead of passing a violating value", (_, schema, violating) => {
    expect(() => validateSchema({}, schema, violating)).toThrow(UnsupportedSchemaError);
    expect(() => assertSupportedSchema(schema)).toThrow(UnsupportedSchemaError);
  });

  it("an unknown format, or an unknown type, is refused too", () => {
    expect(() => validateSchema({}, { type: "string", format: "email" }, "not an email")).toThrow(/format "email"/);
    expect(() => validateSchema({}, { type: "text" }, "x")).toThrow(/type "text"/);
  });

  it("finds an unsupported keyword deep in a schema, by JSON pointer, before any value reaches it", () => {
    const schema = {
      type: "object",
      properties: {
        data: { type: "array", items: { oneOf: [{ type: "string" }, { type: "object", maxProperties: 2 }] } },
      },
    };
    expect(() => assertSupportedSchema(schema, "#/x")).toThrow(
      '#/x/properties/data/items/oneOf/1: keyword "maxProperties"',
    );
    // The value never reaches that branch, yet the document is refused as a whole.
    expect(() => assertSupportedDocument({ paths: {}, components: { schemas: { X: schema } } })).toThrow(
      UnsupportedSchemaError,
    );
  });

  it("annotations are not assertions: they pass", () => {
    for (const keyword of ANNOTATION_KEYWORDS)
      expect(validateSchema({}, { type: "string", [keyword]: "x" }, "v")).toEqual([]);
  });

  it("every implemented keyword is one validateSchema checks (each rejects some value)", () => {
    const violations: Record<string, [Record<string, unknown>, unknown]> = {
      $ref: [{ $ref: "#/$defs/s" }, 1],
      type: [{ type: "string" }, 1],
      enum: [{ enum: ["a"] }, "b"],
      const: [{ const: "a" }, "b"],
      allOf: [{ allOf: [{ type: "string" }] }, 1],
      oneOf: [{ oneOf: [{ type: "string" }, { type: "string" }] }, "x"],
      anyOf: [{ anyOf: [{ type: "string" }] }, 1],
      not: [{ not: { type: "string" } }, "x"],
      minLength: [{ minLength: 2 }, "x"],
      maxLength: [{ maxLength: 1 }, "xy"],
      pattern: [{ pattern: "^a" }, "b"],
      format: [{ format: "uuid" }, "x"],
      minimum: [{ minimum: 1 }, 0],
      maximum: [{ maximum: 1 }, 2],
      minItems: [{ minItems: 1 }, []],
      items: [{ items: { type: "string" } }, [1]],
      required: [{ required: ["a"] }, {}],
      properties: [{ properties: { a: { type: "string" } } }, { a: 1 }],
      additionalProperties: [{ additionalProperties: false }, { a: 1 }],
    };
    expect(Object.keys(violations).sort()).toEqual([...IMPLEMENTED_KEYWORDS].sort());
    const root = { $defs: { s: { type: "string" } } };
    for (const [keyword, [schema, value]] of Object.entries(violations)) {
      expect(validateSchema(root, schema, value), keyword).not.toEqual([]);
    }
  });

  it("$ref applies beside its siblings (2020-12), not instead of them", () => {
    const root = { $defs: { object: { type: "object" } } };
    expect(validateSchema(root, { $ref: "#/$defs/object", required: ["id"] }, {})).toEqual([
      '$: missing required field "id"',
    ]);
  });

  it("openapi.yaml uses only what the validator implements", () => {
    expect(() => assertSupportedDocument(OPENAPI)).not.toThrow();
  });
});

describe("verify with a document it cannot fully check", () => {
  const unsupported = (): OpenApiDocument => {
    const doc = structuredClone(OPENAPI) as OpenApiDocument & {
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    const [name] = Object.keys(doc.components.schemas);
    doc.components.schemas[name!]!.maxProperties = 50;
    return doc;
  };

  it("runVerify refuses before sending anything", async () => {
    const fetch = vi.fn();
    await expect(
      runVerify({
        baseUrl: "https://api.clipia.test",
        apiKey: "clipia_test_0123456789abcdef",
        openapi: unsupported(),
        fetch,
      }),
    ).rejects.toThrow(/does not implement .*keyword "maxProperties"/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("the command exits 1 saying why, and sends nothing", async () => {
    const fetch = vi.fn();
    const out = { stdout: "", stderr: "" };
    const code = await verifyCommand([], {
      env: { CLIPIA_API_KEY: "clipia_test_0123456789abcdef" },
      openapi: unsupported(),
      fetch,
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
    });
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/cannot check answers against openapi\.json: .*keyword "maxProperties"/);
    expect(out.stdout).toBe("");
    expect(fetch).not.toHaveBeenCalled();
  });
});
