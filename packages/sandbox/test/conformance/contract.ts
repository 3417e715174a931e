import { validateResponse } from "@clipia/contract";
import type { Transport } from "./runner.js";

/** Every response of the conformance runs is checked against openapi.yaml (and sandbox.openapi.yaml). */
export const validateAgainstContract: Transport["validate"] = (exchange) => {
  validateResponse(exchange);
};
