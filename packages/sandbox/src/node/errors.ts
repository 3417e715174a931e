/** Why the Node transport could not start or keep going. */
export type SandboxServerErrorCode =
  | "address_in_use"
  | "listen_failed"
  | "state_corrupt"
  | "state_unreadable"
  | "state_unwritable"
  | "state_locked"
  | "state_unavailable";

/**
 * The one error class the Node transport throws; `code` tells the CLI which exit message to print.
 * The original error is kept as `cause`.
 */
export class SandboxServerError extends Error {
  override readonly name = "SandboxServerError";
  readonly code: SandboxServerErrorCode;

  constructor(code: SandboxServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
