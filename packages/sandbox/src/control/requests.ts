import { resultBody } from "../engine/result-body.js";
import type { ResultResponse } from "../http/wire.js";
import { ApiError, notFound } from "../http/errors.js";
import { toRfc3339, toRfc3339OrNull } from "../engine/clock.js";
import { finish, settleAccount, viewOf } from "../engine/lifecycle.js";
import type { StoredRequest } from "../engine/records.js";
import type { SandboxState } from "../engine/state.js";
import { findAccount } from "./accounts.js";
import type { RequestRecord } from "./types.js";

/** The console's view of a request. */
function serializeRequest(request: StoredRequest, now: number): RequestRecord {
  return {
    request_id: request.request_id,
    account_id: request.account_id,
    key_id: request.key_id,
    environment: request.environment,
    model: request.model,
    ...viewOf(request, now),
    input: structuredClone(request.input),
    warnings: [...(request.warnings ?? [])],
    webhook_url: request.webhook_url,
    cost: request.cost,
    charged: request.charged,
    error: request.error,
    output: resultBody(request, request.base_url).output as RequestRecord["output"],
    created_at: toRfc3339(request.created_at),
    completed_at: toRfc3339OrNull(request.completed_at),
  };
}

/** The account's requests (both environments), newest first. */
export function listRequests(state: SandboxState, accountId: string): RequestRecord[] {
  const account = findAccount(state, accountId);
  settleAccount(state, account.account_id);
  const now = state.clock.now(account.account_id);
  return state.store
    .requestsOf(account.account_id)
    .reverse()
    .map((request) => serializeRequest(request, now));
}

/** A cancel from the console: `CANCELED`, the credits refunded, the webhook sent. 409 once terminal. */
export function cancelRequest(state: SandboxState, requestId: string): ResultResponse {
  const request = state.store.requests.get(requestId);
  if (!request) throw notFound(`No request with id ${JSON.stringify(String(requestId)).slice(0, 64)}.`);
  settleAccount(state, request.account_id);
  if (request.status !== null) {
    throw new ApiError(
      409,
      "invalid_request",
      `The request is already ${request.status}; only IN_QUEUE and IN_PROGRESS requests can be canceled.`,
    );
  }
  finish(state, request, "CANCELED", state.clock.now(request.account_id));
  return resultBody(request, request.base_url) as unknown as ResultResponse;
}
