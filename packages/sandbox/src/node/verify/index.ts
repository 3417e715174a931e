// `clipia-sandbox verify`: the live service against the sandbox, probe by probe (CLI-only; not exported).

// The command
export { verifyCommand } from "./command.js";

// The run and its report
export { runVerify } from "./run-verify.js";
export type { VerifyReport } from "./run-verify.js";

// The pieces
export { PROBES } from "./probes.js";
export { assertSupportedDocument } from "./openapi.js";
export type { OpenApiDocument } from "./openapi.js";
export {
  ANNOTATION_KEYWORDS,
  assertSupportedSchema,
  IMPLEMENTED_KEYWORDS,
  UnsupportedSchemaError,
  validateSchema,
} from "./schema-validator.js";
