import { validateResponse } from "@clipia/contract";
import { contractDescribes } from "../support/contract.js";
import type { Transport } from "./runner.js";

/** Every response of the conformance runs is checked against openapi.yaml (and the control plane's). */
export const validateAgainstContract: Transport["validate"] = (exchange) => {
  if (!contractDescribes(exchange.path, exchange.status, exchange.body)) return;
  validateResponse(exchange);
};
