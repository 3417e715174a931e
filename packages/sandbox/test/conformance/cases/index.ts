import type { ConformanceCase } from "../types.js";
import { catalogCases } from "./catalog.js";
import { checkOrderCases } from "./check-order.js";
import { consoleCases } from "./console.js";
import { controlPlaneCases } from "./control-plane.js";
import { credentialCases } from "./credentials.js";
import { errorCases } from "./errors.js";
import { gatewayCases } from "./gateway.js";
import { idempotencyCases } from "./idempotency.js";
import { limitCases } from "./limits.js";
import { requestCases } from "./requests.js";
import { webhookCases } from "./webhooks.js";

/** The one table of cases both transports run (MSW in process, and the Node server over HTTP). */
export const conformanceCases: ConformanceCase[] = [
  ...credentialCases,
  ...requestCases,
  ...catalogCases,
  ...errorCases,
  ...idempotencyCases,
  ...limitCases,
  ...checkOrderCases,
  ...consoleCases,
  ...controlPlaneCases,
  ...webhookCases,
  ...gatewayCases,
];
