import { presentedScheme } from "../engine/auth.js";
import type { StoredKey } from "../engine/records.js";
import { answerCode, logText, NO_WARNINGS } from "../engine/request-log.js";
import type { RouteResult } from "../engine/route-context.js";
import type { SandboxState } from "../engine/state.js";
import type { CoreRequest, CoreResponse } from "../http/message.js";

/** A public call whose key named an account, as the pipeline saw it come in. */
export interface NamedCall {
  key: StoredKey;
  request: CoreRequest;
  method: string;
  url: URL;
  /** When it came in, on the account's clock. */
  time: number;
}

/**
 * Logs one answered public call in its key's account (SPEC v3 §5.4): the pipeline calls this once
 * per call, when the answer's status is known. `details` is what the route handed over (the
 * generation's id, the input warnings). The query string is left out: it may carry anything.
 */
export function logCall(
  state: SandboxState,
  call: NamedCall,
  response: CoreResponse,
  durationMs: number,
  details: RouteResult["log"],
): void {
  const { key, request } = call;
  // A whole-sandbox reset while the call ran replaced the store: the account may be gone.
  if (!state.store.accounts.has(key.account_id)) return;
  const idempotencyKey = request.headers.get("idempotency-key");
  const warnings = details?.warnings;
  // The store copies this into its ring (engine/request-log.ts); the id derives from `seq` when read.
  state.store.addLog({
    id: null,
    seq: state.store.nextLogSeq(),
    ordinal: state.store.nextLogOrdinal(key.account_id),
    account_id: key.account_id,
    time: call.time,
    method: call.method,
    path: logText(call.url.pathname),
    status: response.status,
    // A dropped connection (a `network_error` fault) has no status and no body: it is named here.
    code: response.status === 0 ? "network_error" : answerCode(response.status, response.body),
    key_id: key.id,
    // From the key record: the presented secret is never read here.
    redacted_key: key.redacted_value,
    auth_scheme: presentedScheme(request),
    idempotency_key: idempotencyKey === null ? null : logText(idempotencyKey),
    duration_ms: durationMs,
    request_id: details?.request_id ?? null,
    warnings: warnings === undefined || warnings.length === 0 ? NO_WARNINGS : warnings.map(logText),
  });
}

/**
 * What an `Idempotency-Key` replay logs: the generation its stored answer names, with that
 * request's warnings (the replay runs no route handler to hand them over).
 */
export function replayDetails(state: SandboxState, body: string): RouteResult["log"] {
  try {
    const requestId = (JSON.parse(body) as { request_id?: unknown }).request_id;
    if (typeof requestId !== "string") return undefined;
    return { request_id: requestId, warnings: state.store.requests.get(requestId)?.warnings ?? [] };
  } catch {
    return undefined;
  }
}
