// Checks one HTTP answer against the operation openapi.yaml describes: the status is documented,
// the body matches the response's schema (a stream: each event matches its event schema), the
// required headers are there and well formed.
import { readFileSync } from "node:fs";
import { assertSupportedSchema, type JsonSchema, resolveRef, validateSchema } from "./schema-validator.js";

/** openapi.yaml as a JSON document (the sandbox ships it as dist/openapi.json). */
export type OpenApiDocument = { readonly paths: Record<string, unknown>; readonly [key: string]: unknown };

/** What a probe received, as {@link checkAgainstOpenApi} needs it. */
interface ObservedAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  /** A `text/event-stream` answer's events, each `data` parsed as JSON. */
  events?: readonly unknown[];
}

/**
 * Loads the copy of openapi.yaml that the build writes beside the CLI (`dist/openapi.json`).
 * `from` is a file URL of a module in dist/ (the CLI passes its own `import.meta.url`).
 */
export function loadOpenApi(from: string | URL): OpenApiDocument {
  const text = readFileSync(new URL("./openapi.json", from), "utf8");
  return JSON.parse(text) as OpenApiDocument;
}

/**
 * Throws `UnsupportedSchemaError` when any schema of `doc` (under `components.schemas`, and each
 * `schema` of a parameter, header or media type, and a stream's `x-clipia-event-schema`) uses a keyword the verify validator does not
 * implement: verify refuses to run rather than pass answers it cannot fully check.
 */
export function assertSupportedDocument(doc: OpenApiDocument): void {
  const visit = (node: unknown, pointer: string) => {
    if (node === null || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node)) {
      const at = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const isSchema = key === "schema" || key === "x-clipia-event-schema" || pointer === "#/components/schemas";
      if (isSchema) assertSupportedSchema(child, at);
      else visit(child, at);
    }
  };
  visit(doc, "#");
}

const deref = (root: unknown, node: unknown): Record<string, unknown> => {
  let current = node as Record<string, unknown>;
  while (typeof current?.$ref === "string") current = resolveRef(root, current.$ref) as Record<string, unknown>;
  return current;
};

function headerProblems(root: unknown, spec: Record<string, unknown>, headers: Headers): string[] {
  const problems: string[] = [];
  for (const [name, raw] of Object.entries((spec.headers ?? {}) as Record<string, unknown>)) {
    const header = deref(root, raw);
    const value = headers.get(name);
    if (value === null) {
      if (header.required === true) problems.push(`header ${name}: missing`);
      continue;
    }
    const schema = (header.schema ?? true) as JsonSchema;
    const type = typeof schema === "object" ? deref(root, schema).type : undefined;
    const parsed = (type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    for (const problem of validateSchema(root, schema, parsed, `header ${name}`)) problems.push(problem);
  }
  return problems;
}

/**
 * The ways `answer` departs from openapi.yaml's description of `method pathTemplate`
 * (e.g. `GET /v1/models/{model}`), or `[]`.
 */
export function checkAgainstOpenApi(
  doc: OpenApiDocument,
  method: string,
  pathTemplate: string,
  answer: ObservedAnswer,
): string[] {
  const item = doc.paths[pathTemplate] as Record<string, unknown> | undefined;
  const operation = item?.[method.toLowerCase()] as { responses?: Record<string, unknown> } | undefined;
  if (!operation?.responses) return [`openapi.yaml has no operation ${method} ${pathTemplate}`];
  const raw = operation.responses[String(answer.status)] ?? operation.responses.default;
  if (raw === undefined) return [`status ${answer.status} is not documented for ${method} ${pathTemplate}`];
  const spec = deref(doc, raw);
  const problems = headerProblems(doc, spec, answer.headers);
  const content = (spec.content ?? {}) as Record<string, MediaType>;
  const stream = content["text/event-stream"];
  const type = answer.headers.get("content-type") ?? "";
  if (stream !== undefined && /^text\/event-stream\b/i.test(type)) {
    problems.push(...eventProblems(doc, stream, answer.events ?? []));
    return problems;
  }
  const json = content["application/json"];
  if (json?.schema !== undefined) {
    if (!/^application\/json\b/i.test(type)) {
      const expected = stream === undefined ? "application/json" : "application/json or text/event-stream";
      problems.push(`header Content-Type: expected ${expected}, got "${type}"`);
    }
    problems.push(...validateSchema(doc, json.schema, answer.body, "body"));
  }
  return problems;
}

/** A media type of a response; `x-clipia-event-schema` is the schema of each event of a stream. */
interface MediaType {
  schema?: JsonSchema;
  "x-clipia-event-schema"?: JsonSchema;
}

/** Each event of a stream against the event schema its media type names (when it names one). */
function eventProblems(doc: OpenApiDocument, stream: MediaType, events: readonly unknown[]): string[] {
  const schema = stream["x-clipia-event-schema"];
  if (schema === undefined) return [];
  return events.flatMap((event, index) => validateSchema(doc, schema, event, `event ${index}`));
}
