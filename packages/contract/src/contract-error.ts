import { redact } from "./redact.js";

/** Thrown when a request or response does not match openapi.yaml / sandbox.openapi.yaml. */
export class ContractError extends Error {
  override readonly name = "ContractError";
  /** One line per problem, each starting with the JSON path it concerns. */
  readonly problems: readonly string[];

  constructor(summary: string, problems: readonly string[]) {
    const safe = problems.map(redact);
    super(redact(`${summary}\n${safe.map((p) => `  - ${p}`).join("\n")}`));
    this.problems = safe;
  }
}
