import { createMswHandlers } from "./msw.js";
import { buildSandbox, type Sandbox, type SandboxOptions } from "./app/sandbox.js";

/**
 * Creates an in-memory Clipia API: a Fetch handler, MSW handlers, the default account and the
 * control plane. Synchronous; the same seed and the same requests give the same keys and outputs
 * (and, with `deterministic: true`, the same request and delivery ids).
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createSandbox } from "@clipia/sandbox";
 *
 * const sandbox = createSandbox();
 * const server = setupServer(...sandbox.handlers);
 * server.listen({ onUnhandledRequest: "error" });
 * const res = await fetch("https://api.clipia.ai/v1/account", {
 *   headers: { Authorization: `Bearer ${sandbox.keys.test}` },
 * });
 * ```
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  return buildSandbox(options, { handlers: createMswHandlers }).sandbox;
}
