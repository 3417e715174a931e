import type { ClipiaError } from "../errors.js";
import { describeCause } from "./connection.js";
import { safeCause } from "./redact.js";

/**
 * A `Class` error for a failure of the transport (or of middleware): `prefix` then the failure's
 * reason in the message, the failure as `cause`; the key in neither (see `safeCause`).
 */
export function transportError(
  Class: typeof ClipiaError,
  prefix: string,
  failure: unknown,
  apiKey: string,
): ClipiaError {
  const cause = safeCause(failure, apiKey);
  return new Class(prefix + describeCause(cause), { cause });
}
