import type { components } from "./generated/api.js";

// Wire shapes of the public answers the sandbox builds (SPEC §2), named from openapi.yaml's
// schemas (generated/api.ts), for the control plane's typed returns.

/** `IN_QUEUE` → `IN_PROGRESS` → `COMPLETED` | `FAILED` | `CANCELED` (the last three are terminal). */
export type RequestStatus = components["schemas"]["RequestStatus"];

/** Why a request ended `FAILED` (`GENERATION_FAILED`) or `CANCELED` (`GENERATION_CANCELED`). */
export type GenerationError = components["schemas"]["GenerationError"];

/** `GET /v1/requests/{request_id}` once terminal: `output` when `COMPLETED`, `error` when `FAILED` / `CANCELED`. */
export type ResultResponse = components["schemas"]["ResultResponse"];
