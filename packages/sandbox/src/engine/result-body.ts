import { sampleOutput } from "../catalog/media.js";
import { findModel, isGenerationModel } from "../catalog/models.js";
import { toRfc3339, toRfc3339OrNull } from "./clock.js";
import type { StoredRequest } from "./records.js";

/** The wire ResultResponse of a terminal request. */
export function resultBody(request: StoredRequest, base: string): Record<string, unknown> {
  const model = findModel(request.model);
  const output =
    request.status === "COMPLETED" && model && isGenerationModel(model)
      ? sampleOutput(model, request.input, base)
      : null;
  return {
    request_id: request.request_id,
    status: request.status,
    model: request.model,
    output,
    error: request.error,
    cost: request.cost,
    created_at: toRfc3339(request.created_at),
    completed_at: toRfc3339OrNull(request.completed_at),
  };
}
