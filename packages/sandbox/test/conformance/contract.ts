import type { Transport } from "./runner.js";

/**
 * CONTRACT CALL SITE: every response of the conformance runs is validated against openapi.yaml
 * through @clipia/contract (written in parallel). Until it exports `validateResponse`, this
 * throws, so the suites fail loudly instead of passing unvalidated.
 */
export async function loadContractValidator(): Promise<Transport["validate"]> {
  const contract = (await import("@clipia/contract")) as Record<string, unknown>;
  const validateResponse = contract.validateResponse as
    | ((exchange: { method: string; path: string; status: number; headers: Headers; body: unknown }) => unknown)
    | undefined;
  if (typeof validateResponse !== "function") throw new Error("@clipia/contract does not export validateResponse yet");
  return async (exchange) => {
    await validateResponse(exchange);
  };
}
