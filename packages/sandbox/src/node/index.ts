// Node transport of @clipia/sandbox: node:http over the same core as the MSW handlers.

// Server
export { startSandboxServer } from "./server.js";
export type { SandboxServer } from "./server.js";
export type { SandboxServerLimits, SandboxServerOptions } from "./server-options.js";

// Errors
export { SandboxServerError } from "./errors.js";
export type { SandboxServerErrorCode } from "./errors.js";
