import { loadContract, validateResponse } from "@clipia/contract";
import type { Transport } from "./runner.js";

/**
 * sandbox.openapi.yaml describes the v2 control plane once it documents `/_sandbox/outcomes`;
 * until then only the public API (openapi.yaml) is validated.
 */
export const CONTROL_PLANE_DOCUMENTED = loadContract().operations.some((operation) => operation.path === "/_sandbox/outcomes");

/** Every response of the conformance runs is checked against openapi.yaml (and the control plane's). */
export const validateAgainstContract: Transport["validate"] = (exchange) => {
  if (!CONTROL_PLANE_DOCUMENTED) {
    if (exchange.path.startsWith("/_sandbox/")) return;
    // The key-policy 403s are documented in sandbox.openapi.yaml too.
    if (exchange.status === 403 && /"(model_not_allowed|ip_not_allowed)"/.test(String(exchange.body))) return;
  }
  validateResponse(exchange);
};
