import { CONSOLE_PATH } from "../http/paths.js";
import { invalidRequest } from "../http/errors.js";
import { checkOptions } from "../http/options.js";
import type { RouteContext, RouteResult } from "../engine/route-context.js";
import type { FaultInput } from "../engine/faults.js";
import type { OutcomeInput } from "../engine/outcomes.js";
import { createAccount, listAccounts, reset, rotateWebhookSecret, usage } from "./accounts.js";
import { redeliverWebhook, webhookDeliveries } from "./deliveries.js";
import { createKey, listKeys, revokeKey, updateKey } from "./keys.js";
import { catalogSummary } from "./catalog-summary.js";
import { consolePage } from "./console-placeholder.js";
import { cancelRequest, listRequests } from "./requests.js";
import { advanceClock, forceOutcome, injectFault, readClock } from "./simulation.js";
import type { KeyCreateInput, KeyUpdateInput } from "./types.js";

// The control plane over HTTP (SPEC §5.4, sandbox-only; sandbox.openapi.yaml). Each route is a
// thin call of the same function the in-process sandbox exposes as a method.

type Handler = (context: RouteContext) => RouteResult;

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
const list = (data: unknown[]): RouteResult => ok({ data });
const param = (context: RouteContext, name: string): string => context.params[name] ?? "";
const body = (context: RouteContext): Record<string, unknown> => context.body ?? {};
// Query options are checked like body options: an unknown name is a 400, never ignored.
const queryOptions = (context: RouteContext): Record<string, string> => Object.fromEntries(context.query);

/** Method, path pattern and handler of each control-plane route. */
export const CONTROL_ROUTES: ReadonlyArray<readonly [method: string, path: string, handler: Handler, readsBody: boolean]> = [
  ["GET", CONSOLE_PATH, () => ({ status: 200, raw: { contentType: "text/html; charset=utf-8", content: consolePage() } }), false],
  ["GET", "/_sandbox/accounts", (c) => list(listAccounts(c.state)), false],
  ["GET", "/_sandbox/models", () => list(catalogSummary()), false],
  [
    "POST",
    "/_sandbox/accounts",
    (c) => ok(createAccount(c.state, body(c) as { balance_credits?: number }), 201),
    true,
  ],
  ["GET", "/_sandbox/accounts/:account_id/keys", (c) => list(listKeys(c.state, param(c, "account_id"))), false],
  ["POST", "/_sandbox/accounts/:account_id/keys", (c) => ok(createKey(c.state, param(c, "account_id"), body(c) as unknown as KeyCreateInput), 201), true],
  ["GET", "/_sandbox/accounts/:account_id/requests", (c) => list(listRequests(c.state, param(c, "account_id"))), false],
  ["GET", "/_sandbox/accounts/:account_id/usage", (c) => ok(usage(c.state, param(c, "account_id"))), false],
  [
    "POST",
    "/_sandbox/accounts/:account_id/webhook-secret/rotate",
    (c) => ok(rotateWebhookSecret(c.state, param(c, "account_id"))),
    false,
  ],
  ["PATCH", "/_sandbox/keys/:key_id", (c) => ok(updateKey(c.state, param(c, "key_id"), body(c) as KeyUpdateInput)), true],
  ["DELETE", "/_sandbox/keys/:key_id", (c) => ok(revokeKey(c.state, param(c, "key_id"))), false],
  ["GET", "/_sandbox/clock", (c) => ok(readClock(c.state, queryOptions(c))), false],
  [
    "POST",
    "/_sandbox/clock/advance",
    (c) => {
      const { ms, ...scope } = checkOptions(body(c), ["ms", "account_id", "all"]);
      if (ms === undefined) throw invalidRequest("ms is required.");
      return ok(advanceClock(c.state, ms, scope as { account_id: string }));
    },
    true,
  ],
  ["POST", "/_sandbox/faults", (c) => ok(injectFault(c.state, body(c) as FaultInput), 201), true],
  ["POST", "/_sandbox/outcomes", (c) => ok(forceOutcome(c.state, body(c) as unknown as OutcomeInput), 201), true],
  ["POST", "/_sandbox/requests/:request_id/cancel", (c) => ok(cancelRequest(c.state, param(c, "request_id"))), false],
  [
    "GET",
    "/_sandbox/webhooks",
    (c) => list(webhookDeliveries(c.state, queryOptions(c))),
    false,
  ],
  ["POST", "/_sandbox/webhooks/:delivery_id/redeliver", (c) => ok(redeliverWebhook(c.state, param(c, "delivery_id"))), false],
  [
    "POST",
    "/_sandbox/reset",
    (c) => {
      const options = body(c) as { account_id: string } | { all: true };
      reset(c.state, options);
      const accountId = "account_id" in options ? options.account_id : null;
      return ok({ reset: accountId === null ? "sandbox" : "account", account_id: accountId });
    },
    true,
  ],
];
