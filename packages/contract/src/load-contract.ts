import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020Module from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { compilePathTemplate, templateSpecificity } from "./match-path.js";

// The two CommonJS packages arrive with or without their `default` depending on the loader.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** Which YAML file an operation comes from. */
export type ContractDocument = "api" | "sandbox";

/** A header a documented response carries. */
export interface ContractHeader {
  name: string;
  required: boolean;
  validate: ValidateFunction;
}

/** A documented response of an operation, its schema compiled. */
export interface ContractResponse {
  /** The key in `responses`: `"200"`, `"4XX"` or `"default"`. */
  status: string;
  /** The `components/responses` name when the response is a reference (`Unauthorized`). */
  component: string | undefined;
  /** Validates the JSON body; undefined when the response has no body. */
  validateBody: ValidateFunction | undefined;
  /**
   * Validates each event of a `text/event-stream` answer (the JSON of a `data:` line), from the
   * stream's `x-clipia-event-schema`; undefined when the response documents no stream.
   */
  validateEvent: ValidateFunction | undefined;
  headers: readonly ContractHeader[];
}

/** One operation of the contract. */
export interface ContractOperation {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The path template, such as `/v1/models/{model}`. */
  path: string;
  document: ContractDocument;
  /** The documented response keys, in document order. */
  statuses: readonly string[];
  /** The response documented for `status` (exact, then `4XX`, then `default`). */
  response(status: number): ContractResponse | undefined;
  /** Validates a request body; undefined when the operation takes none. */
  requestBody: { required: boolean; validate: ValidateFunction } | undefined;
}

/** The result of looking up a request in the contract. */
export type OperationMatch =
  | { kind: "operation"; operation: ContractOperation; params: Record<string, string> }
  | { kind: "method_not_allowed"; path: string }
  | { kind: "unknown_path" };

/** Both contract files, parsed and compiled. */
export interface Contract {
  operations: readonly ContractOperation[];
  find(method: string, pathname: string): OperationMatch;
  operation(operationId: string): ContractOperation | undefined;
  /** A reusable response by name (`NotFound`, `MethodNotAllowed`, …), of openapi.yaml unless `doc` says otherwise. */
  componentResponse(name: string, status: string, doc?: ContractDocument): ContractResponse | undefined;
}

/** Where the two YAML files are read from; defaults to the repository root. */
export interface LoadContractOptions {
  apiFile?: string | URL;
  sandboxFile?: string | URL;
}

const BASE = "https://contract.clipia.invalid/";
const DOCUMENT_URI: Record<ContractDocument, string> = {
  api: `${BASE}openapi.yaml`,
  sandbox: `${BASE}sandbox.openapi.yaml`,
};
const METHODS = ["get", "put", "post", "delete", "patch", "options", "head"] as const;

let cached: Contract | undefined;

/**
 * Reads openapi.yaml and sandbox.openapi.yaml and compiles their schemas with Ajv (JSON Schema
 * 2020-12, formats on). Without options the result is cached for the process.
 *
 * @example
 * const contract = loadContract();
 * contract.find("GET", "/v1/models/clipia-video-1"); // { kind: "operation", operation: retrieveModel, … }
 */
export function loadContract(options: LoadContractOptions = {}): Contract {
  const useDefaults = options.apiFile === undefined && options.sandboxFile === undefined;
  if (useDefaults && cached) return cached;
  const contract = buildContract({
    api: readYaml(options.apiFile ?? new URL("../../../openapi.yaml", import.meta.url)),
    sandbox: readYaml(options.sandboxFile ?? new URL("../../../sandbox.openapi.yaml", import.meta.url)),
  });
  if (useDefaults) cached = contract;
  return contract;
}

function readYaml(file: string | URL): Record<string, unknown> {
  const path = file instanceof URL ? fileURLToPath(file) : file;
  return parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

type Json = Record<string, unknown>;

function buildContract(documents: Record<ContractDocument, Json>): Contract {
  // OpenAPI keywords (example, discriminator, x-…) are not JSON Schema: strict mode off.
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  addFormats(ajv);
  for (const name of ["api", "sandbox"] as const) ajv.addSchema(documents[name], DOCUMENT_URI[name]);

  const compiled = new Map<string, ValidateFunction>();
  const compile = (uri: string): ValidateFunction => {
    let validate = compiled.get(uri);
    if (!validate) {
      validate = ajv.compile({ $ref: uri });
      compiled.set(uri, validate);
    }
    return validate;
  };

  /** Follows `$ref`s (within and across the two files) from a node at `pointer` of `doc`. */
  const deref = (doc: ContractDocument, pointer: string): { doc: ContractDocument; pointer: string; node: Json } => {
    for (let hops = 0; hops < 20; hops++) {
      const node = at(documents[doc], pointer);
      const ref = typeof node.$ref === "string" ? node.$ref : undefined;
      if (ref === undefined) return { doc, pointer, node };
      const [file, fragment = ""] = ref.split("#");
      if (file) doc = file.endsWith("sandbox.openapi.yaml") ? "sandbox" : "api";
      pointer = fragment;
    }
    throw new Error(`Too many $ref hops at ${DOCUMENT_URI[doc]}#${pointer}`);
  };

  const uri = (doc: ContractDocument, pointer: string) => `${DOCUMENT_URI[doc]}#${encodeURI(pointer)}`;

  const responseCache = new Map<string, ContractResponse>();
  const resolveResponse = (doc: ContractDocument, pointer: string, status: string): ContractResponse => {
    const target = deref(doc, pointer);
    const key = `${target.doc}#${target.pointer}`;
    const hit = responseCache.get(key);
    if (hit) return hit;
    const content = target.node.content as Json | undefined;
    const json = content?.["application/json"] as Json | undefined;
    const eventStream = content?.["text/event-stream"] as Json | undefined;
    const headers: ContractHeader[] = Object.keys((target.node.headers as Json | undefined) ?? {}).map((name) => {
      const header = deref(target.doc, `${target.pointer}/headers/${escapePointer(name)}`);
      return {
        name,
        required: header.node.required === true,
        validate: compile(uri(header.doc, `${header.pointer}/schema`)),
      };
    });
    const component = /^\/components\/responses\/([^/]+)$/.exec(target.pointer)?.[1];
    const response: ContractResponse = {
      status,
      component: component === undefined ? undefined : unescapePointer(component),
      validateBody: json?.schema
        ? compile(uri(target.doc, `${target.pointer}/content/application~1json/schema`))
        : undefined,
      validateEvent: eventStream?.["x-clipia-event-schema"]
        ? compile(uri(target.doc, `${target.pointer}/content/text~1event-stream/x-clipia-event-schema`))
        : undefined,
      headers,
    };
    responseCache.set(key, response);
    return response;
  };

  const operations: ContractOperation[] = [];
  const matchers: Array<{ operation: ContractOperation; match: ReturnType<typeof compilePathTemplate> }> = [];
  for (const doc of ["api", "sandbox"] as const) {
    const paths = (documents[doc].paths ?? {}) as Json;
    for (const path of Object.keys(paths)) {
      for (const method of METHODS) {
        const opPointer = `/paths/${escapePointer(path)}/${method}`;
        const op = (paths[path] as Json)[method] as Json | undefined;
        if (!op) continue;
        const responses = (op.responses ?? {}) as Json;
        const statuses = Object.keys(responses);
        const body = op.requestBody ? deref(doc, `${opPointer}/requestBody`) : undefined;
        const bodyJson = (body?.node.content as Json | undefined)?.["application/json"] as Json | undefined;
        const operation: ContractOperation = {
          operationId: String(op.operationId),
          method: method.toUpperCase(),
          path,
          document: doc,
          statuses,
          response(status) {
            const key = [String(status), `${String(status).charAt(0)}XX`, "default"].find((k) => k in responses);
            return key === undefined ? undefined : resolveResponse(doc, `${opPointer}/responses/${key}`, key);
          },
          requestBody:
            body && bodyJson?.schema
              ? {
                  required: body.node.required === true,
                  validate: compile(uri(body.doc, `${body.pointer}/content/application~1json/schema`)),
                }
              : undefined,
        };
        operations.push(operation);
        matchers.push({ operation, match: compilePathTemplate(path) });
      }
    }
  }
  matchers.sort((a, b) => templateSpecificity(b.operation.path) - templateSpecificity(a.operation.path));
  const byId = new Map(operations.map((op) => [op.operationId, op]));

  return {
    operations,
    operation: (operationId) => byId.get(operationId),
    find(method, pathname) {
      let pathMatched: string | undefined;
      for (const { operation, match } of matchers) {
        const params = match(pathname);
        if (!params) continue;
        if (operation.method === method.toUpperCase()) return { kind: "operation", operation, params };
        pathMatched ??= operation.path;
      }
      return pathMatched === undefined ? { kind: "unknown_path" } : { kind: "method_not_allowed", path: pathMatched };
    },
    componentResponse(name, status, doc = "api") {
      const components = (documents[doc].components as Json | undefined)?.responses as Json | undefined;
      if (!components?.[name]) return undefined;
      return resolveResponse(doc, `/components/responses/${escapePointer(name)}`, status);
    },
  };
}

function at(document: Json, pointer: string): Json {
  let node: unknown = document;
  for (const part of pointer.split("/").slice(1)) {
    node = (node as Json | undefined)?.[unescapePointer(part)];
  }
  if (node === null || typeof node !== "object") throw new Error(`Nothing at #${pointer}`);
  return node as Json;
}

const escapePointer = (part: string) => part.replaceAll("~", "~0").replaceAll("/", "~1");
const unescapePointer = (part: string) => part.replaceAll("~1", "/").replaceAll("~0", "~");
