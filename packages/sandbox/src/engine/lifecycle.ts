import type { GenerationCatalogEntry } from "../catalog/types.js";
import type { GenerationError } from "../http/wire.js";
import { refund } from "./credits.js";
import type { RequestStatus, StoredRequest, TerminalStatus } from "./records.js";
import type { SandboxState } from "./state.js";
import { enqueueWebhook, runDueDeliveries } from "./webhooks.js";

// The live lifecycle on the account's clock (SPEC §2): IN_QUEUE (queue_position counting down one
// step a second) → IN_PROGRESS (progress rising) → terminal; images end within 15 s, videos within
// 90 s. A SLOW outcome stays IN_PROGRESS until 10 minutes after submission.

/** Milliseconds per queue position. */
const QUEUE_STEP_MS = 1_000;
/** 10 minutes: when a SLOW request completes. */
const SLOW_MS = 10 * 60_000;

/** When a live request starts and ends. */
export function planTimes(
  model: GenerationCatalogEntry,
  input: Record<string, unknown>,
  createdAt: number,
  slow: boolean,
): { start_at: number; end_at: number } {
  const queueMs = model.type === "image" ? 3_000 : 5_000;
  const seconds = typeof input.duration === "number" ? input.duration : 5;
  const runMs = model.type === "image" ? 12_000 : 30_000 + seconds * 5_000;
  const start = createdAt + queueMs;
  return { start_at: start, end_at: slow ? createdAt + SLOW_MS : start + runMs };
}

/** Status, queue position and progress of a request at `now` (SPEC §2 StatusResponse). */
export function viewOf(
  request: StoredRequest,
  now: number,
): { status: RequestStatus; queue_position: number | null; progress: number | null } {
  if (request.status !== null) {
    return { status: request.status, queue_position: null, progress: request.status === "COMPLETED" ? 100 : null };
  }
  if (now < request.start_at) {
    const position = Math.max(0, Math.ceil((request.start_at - now) / QUEUE_STEP_MS) - 1);
    return { status: "IN_QUEUE", queue_position: position, progress: null };
  }
  const span = Math.max(1, request.end_at - request.start_at);
  const progress = Math.min(99, Math.max(0, Math.floor((100 * (now - request.start_at)) / span)));
  return { status: "IN_PROGRESS", queue_position: null, progress };
}

const ERRORS: Record<Exclude<TerminalStatus, "COMPLETED">, GenerationError> = {
  FAILED: { code: "GENERATION_FAILED", message: "The generation failed; the reserved credits were refunded." },
  CANCELED: {
    code: "GENERATION_CANCELED",
    message: "The generation was canceled; the reserved credits were refunded.",
  },
};

/** Makes a request terminal at `at`: refund on FAILED / CANCELED, then its webhook. */
export function finish(state: SandboxState, request: StoredRequest, status: TerminalStatus, at: number): void {
  if (request.status !== null) return;
  state.store.updateRequest(request, {
    status,
    completed_at: at,
    error: status === "COMPLETED" ? null : { ...ERRORS[status] },
  });
  if (status !== "COMPLETED") refund(state.store, request);
  enqueueWebhook(state, request, at);
}

/** Moves every request of the account whose end has come to its outcome. */
export function settleAccount(state: SandboxState, accountId: string): void {
  const pending = state.store.pending.get(accountId);
  if (pending && pending.size > 0) {
    const now = state.clock.now(accountId);
    for (const id of [...pending]) {
      const request = state.store.requests.get(id);
      if (!request || request.status !== null) {
        pending.delete(id);
        continue;
      }
      if (now >= request.end_at) finish(state, request, request.outcome, request.end_at);
    }
  }
  runDueDeliveries(state, accountId);
}

/** Settles every account. */
export function settleAll(state: SandboxState): void {
  for (const accountId of [...state.store.accounts.keys()]) settleAccount(state, accountId);
}

/** Live requests of a key still IN_QUEUE or IN_PROGRESS (its concurrency use). */
export function activeRequestsOf(state: SandboxState, accountId: string, keyId: string): StoredRequest[] {
  const active: StoredRequest[] = [];
  for (const id of state.store.pending.get(accountId) ?? []) {
    const request = state.store.requests.get(id);
    if (request && request.key_id === keyId && request.status === null) active.push(request);
  }
  return active;
}
