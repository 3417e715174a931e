import { validateResponse } from "@clipia/contract";
import type { Transport } from "./runner.js";

/** Every response of the conformance runs is checked against openapi.yaml (and the control plane's). */
export const validateAgainstContract: Transport["validate"] = (exchange) => {
  validateResponse(exchange);
};
