import { invalidRequest } from "../http/errors.js";
import { findModel } from "../catalog/models.js";
import type { components } from "../http/generated/control.js";
import { checkOptions } from "../http/options.js";
import type { Environment } from "./keys.js";

/** What `forceOutcome` / `POST /_sandbox/outcomes` accept. */
export type OutcomeInput = components["schemas"]["OutcomeInput"];

/** A forced outcome as the control plane returns it. */
export type OutcomeRecord = components["schemas"]["OutcomeRecord"];

const FIELDS: readonly string[] = ["outcome", "model", "count", "account_id"];

/** Validates an outcome definition (400 on anything off) and gives it an id. */
export function buildOutcome(
  input: Record<string, unknown>,
  id: string,
  accountExists: (id: string) => boolean,
): OutcomeRecord {
  checkOptions(input, FIELDS);
  const { outcome, model, count, account_id: accountId } = input;
  if (outcome !== "FAILED" && outcome !== "CANCELED" && outcome !== "SLOW") {
    throw invalidRequest('outcome must be "FAILED", "CANCELED" or "SLOW".');
  }
  if (model !== undefined && (typeof model !== "string" || !findModel(model))) {
    throw invalidRequest("model must be the slug of a catalog model.");
  }
  if (
    count !== undefined &&
    (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 1_000_000)
  ) {
    throw invalidRequest("count must be an integer from 1 to 1000000.");
  }
  if (accountId !== undefined && (typeof accountId !== "string" || !accountExists(accountId))) {
    throw invalidRequest("account_id must be the id of a sandbox account.");
  }
  return { id, outcome, model: model ?? null, count: count ?? 1, account_id: accountId ?? null };
}

/**
 * Takes the outcome the next submission gets, counting it down. SLOW applies to live keys only
 * (a test key's submit is terminal at once), so a test submission leaves a SLOW outcome in place.
 */
export function takeOutcome(
  outcomes: OutcomeRecord[],
  model: string,
  accountId: string,
  environment: Environment,
): OutcomeRecord["outcome"] | null {
  const index = outcomes.findIndex(
    (o) =>
      (o.account_id === null || o.account_id === accountId) &&
      (o.model === null || o.model === model) &&
      (o.outcome !== "SLOW" || environment === "live"),
  );
  if (index === -1) return null;
  const outcome = outcomes[index] as OutcomeRecord;
  outcome.count -= 1;
  if (outcome.count <= 0) outcomes.splice(index, 1);
  return outcome.outcome;
}
