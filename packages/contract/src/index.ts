// @clipia/contract: test-only. Validates requests and responses against openapi.yaml and
// sandbox.openapi.yaml, and records which documented operation × status pairs tests reached.

// Loading the contract
export { loadContract } from "./load-contract.js";
export type {
  Contract,
  ContractDocument,
  ContractHeader,
  ContractOperation,
  ContractResponse,
  LoadContractOptions,
  OperationMatch,
} from "./load-contract.js";

// Validating
export { checkResponse, validateRequestBody, validateResponse } from "./validate-response.js";
export type { HeadersLike, RequestToValidate, ResponseCheck, ResponseToValidate } from "./validate-response.js";
export { ContractError } from "./contract-error.js";

// Wrapping fetch
export { contractFetch } from "./contract-fetch.js";
export type { ContractFetchOptions, FetchLike } from "./contract-fetch.js";

// Coverage
export {
  COVERAGE_DIR_ENV,
  METHOD_NOT_ALLOWED,
  SANDBOX_POLICY,
  UNKNOWN_PATH,
  contractCoverage,
  coveredPairs,
  formatCoverage,
  readCoverageDir,
  recordCoverage,
  resetCoverage,
} from "./coverage.js";
export type { CoverageEntry, CoveragePair } from "./coverage.js";
