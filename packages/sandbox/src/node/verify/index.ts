// `clipia-sandbox verify`: the live service against the sandbox, probe by probe (CLI-only; not exported).

// The command
export { verifyCommand, VERIFY_USAGE } from "./command.js";
export type { VerifyIo } from "./command.js";

// The run and its report
export { runVerify } from "./run-verify.js";
export type { ProbeResult, SideResult, VerifyOptions, VerifyReport } from "./run-verify.js";
export { formatJson, formatTable, redactSecrets } from "./report.js";

// The pieces
export { PROBES, PROBE_MODEL } from "./probes.js";
export type { Probe } from "./probes.js";
export { assertSupportedDocument, checkAgainstOpenApi, loadOpenApi } from "./openapi.js";
export type { ObservedAnswer, OpenApiDocument } from "./openapi.js";
export { compareShapes } from "./compare.js";
export type { Difference } from "./compare.js";
export { ANNOTATION_KEYWORDS, assertSupportedSchema, IMPLEMENTED_KEYWORDS, UnsupportedSchemaError, validateSchema } from "./schema-validator.js";
export type { JsonSchema } from "./schema-validator.js";
