import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { CatalogModel } from "./catalog.js";
import { ApiError, type ErrorDetail } from "./errors.js";

// One Ajv for the process: compiling is the expensive part and the catalog is fixed.
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(model: CatalogModel): ValidateFunction {
  let validate = compiled.get(model.id);
  if (!validate) {
    validate = ajv.compile(model.input_schema);
    compiled.set(model.id, validate);
  }
  return validate;
}

/** `input` + an Ajv instance path (`/prompt`) + a property as the dotted param `input.prompt`. */
function paramOf(error: ErrorObject): string {
  const segments = error.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") segments.push(String(params.missingProperty));
  if (error.keyword === "additionalProperties") segments.push(String(params.additionalProperty));
  return ["input", ...segments].join(".");
}

function messageOf(error: ErrorObject, param: string): string {
  if (error.keyword === "required") return `${param} is required.`;
  if (error.keyword === "additionalProperties") return `${param} is not a known parameter of this model.`;
  if (error.keyword === "enum") {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
    return `${param} must be one of ${allowed.join(", ")}.`;
  }
  return `${param} ${error.message ?? "is invalid"}.`;
}

/**
 * The top-level shape of `input` (present, an object): part of the body's shape, so it is checked
 * before the model exists (SPEC §3 check order). Throws a 400 naming `input`.
 */
export function checkInputObject(input: unknown): Record<string, unknown> {
  if (input === undefined) {
    throw new ApiError(400, "invalid_request", "input is required.", {
      param: "input",
      details: [{ param: "input", message: "input is required." }],
    });
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ApiError(400, "invalid_request", "input must be an object.", {
      param: "input",
      details: [{ param: "input", message: "input must be an object." }],
    });
  }
  return input as Record<string, unknown>;
}

/**
 * Validates `input` against the model's input schema. Returns a copy with defaults applied, or
 * throws a 400 `invalid_request` whose `details` list every offending field.
 */
export function validateInput(model: CatalogModel, input: unknown): Record<string, unknown> {
  const copy = structuredClone(checkInputObject(input));
  const validate = validatorFor(model);
  if (validate(copy)) return copy;
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const param = paramOf(error);
    if (seen.has(param)) continue;
    seen.add(param);
    details.push({ param, message: messageOf(error, param) });
  }
  const first = details[0] ?? { param: "input", message: "input is invalid." };
  throw new ApiError(400, "invalid_request", first.message, { param: first.param, details });
}
