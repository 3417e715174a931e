import { invalidRequest } from "../http/errors.js";
import { checkOptions } from "../http/options.js";
import type { RouteContext, RouteResult } from "../engine/route-context.js";
import type { FaultInput } from "../engine/faults.js";
import type { OutcomeInput } from "../engine/outcomes.js";
import type { ChatRepliesInput } from "../engine/scripted-replies.js";
import { createAccount, listAccounts, reset, rotateWebhookSecret, updateAccount, usage } from "./accounts.js";
import { redeliverWebhook, webhookDeliveries } from "./deliveries.js";
import { createKey, listKeys, revokeKey, updateKey } from "./keys.js";
import { catalogSummary } from "./catalog-summary.js";
import { consolePage } from "./console-placeholder.js";
import { CONTROL_OPERATIONS, type ControlOperation, type ControlOperationId } from "./operations.js";
import { listLogs } from "./logs.js";
import { listChats } from "./chats.js";
import { cancelRequest, listRequests } from "./requests.js";
import { advanceClock, forceOutcome, injectFault, readClock, scriptChatReplies } from "./simulation.js";
import type { CreateAccountInput, KeyCreateInput, KeyUpdateInput, UpdateAccountInput } from "./types.js";

// The control plane over HTTP (SPEC §5.4, sandbox-only; sandbox.openapi.yaml): the handler of each
// operation of operations.ts, a thin call of the same function the in-process sandbox exposes as a
// method. Method, path and body come from the table, never spelt here.

type Handler = (context: RouteContext) => RouteResult;

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
const list = (data: unknown[]): RouteResult => ok({ data });
const param = (context: RouteContext, name: string): string => context.params[name] ?? "";
const body = (context: RouteContext): Record<string, unknown> => context.body ?? {};
// Query options are checked like body options: an unknown name is a 400, never ignored.
const queryOptions = (context: RouteContext): Record<string, string> => Object.fromEntries(context.query);

/** The handler of each operation of the table (a missing or unknown one is a type error). */
const HANDLERS: Record<ControlOperationId, Handler> = {
  getSandboxConsole: () => ({ status: 200, raw: { contentType: "text/html; charset=utf-8", content: consolePage() } }),
  listSandboxModels: () => list(catalogSummary()),
  listSandboxAccounts: (c) => list(listAccounts(c.state)),
  createSandboxAccount: (c) => ok(createAccount(c.state, body(c) as CreateAccountInput), 201),
  updateSandboxAccount: (c) => ok(updateAccount(c.state, param(c, "account_id"), body(c) as UpdateAccountInput)),
  listSandboxKeys: (c) => list(listKeys(c.state, param(c, "account_id"))),
  createSandboxKey: (c) => ok(createKey(c.state, param(c, "account_id"), body(c) as unknown as KeyCreateInput), 201),
  listSandboxRequests: (c) => list(listRequests(c.state, param(c, "account_id"))),
  listSandboxLogs: (c) => ok(listLogs(c.state, param(c, "account_id"), queryOptions(c))),
  listSandboxChats: (c) => list(listChats(c.state, param(c, "account_id"))),
  getSandboxUsage: (c) => ok(usage(c.state, param(c, "account_id"))),
  rotateSandboxWebhookSecret: (c) => ok(rotateWebhookSecret(c.state, param(c, "account_id"))),
  updateSandboxKey: (c) => ok(updateKey(c.state, param(c, "key_id"), body(c) as KeyUpdateInput)),
  revokeSandboxKey: (c) => ok(revokeKey(c.state, param(c, "key_id"))),
  getSandboxClock: (c) => ok(readClock(c.state, queryOptions(c))),
  advanceSandboxClock: (c) => {
    const { ms, ...scope } = checkOptions(body(c), ["ms", "account_id", "all"]);
    if (ms === undefined) throw invalidRequest("ms is required.");
    return ok(advanceClock(c.state, ms, scope as { account_id: string }));
  },
  injectSandboxFault: (c) => ok(injectFault(c.state, body(c) as FaultInput), 201),
  forceSandboxOutcome: (c) => ok(forceOutcome(c.state, body(c) as unknown as OutcomeInput), 201),
  scriptSandboxChatReplies: (c) => ok(scriptChatReplies(c.state, body(c) as unknown as ChatRepliesInput), 201),
  cancelSandboxRequest: (c) => ok(cancelRequest(c.state, param(c, "request_id"))),
  listSandboxWebhookDeliveries: (c) => list(webhookDeliveries(c.state, queryOptions(c))),
  redeliverSandboxWebhook: (c) => ok(redeliverWebhook(c.state, param(c, "delivery_id"))),
  resetSandbox: (c) => {
    const options = body(c) as { account_id: string } | { all: true };
    reset(c.state, options);
    const accountId = "account_id" in options ? options.account_id : null;
    return ok({ reset: accountId === null ? "sandbox" : "account", account_id: accountId });
  },
};

/** A control-plane route: its operation of the table, and the handler that answers it. */
interface ControlRoute extends ControlOperation {
  readonly operationId: ControlOperationId;
  readonly handler: Handler;
}

/** Every control-plane route, read from the operation table. */
export const CONTROL_ROUTES: readonly ControlRoute[] = (Object.keys(CONTROL_OPERATIONS) as ControlOperationId[]).map(
  (operationId) => ({ operationId, ...CONTROL_OPERATIONS[operationId], handler: HANDLERS[operationId] }),
);
