import { ClipiaConfigError } from "../errors.js";

/** Throws `ClipiaConfigError(message)` unless `ok`: how the client rejects an option. */
export function check(ok: unknown, message: string): void {
  if (!ok) throw new ClipiaConfigError(message);
}
