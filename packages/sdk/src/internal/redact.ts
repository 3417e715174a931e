import { describeCause } from "./connection.js";

/**
 * The display form of a (checked) key, as the API writes it: its prefix (`clipia_live_` and
 * `clipia_test_` are both 12 characters), an ellipsis, its last 4 (`clipia_live_…a1B2`).
 */
export function redactKey(key: string): string {
  return `${key.slice(0, 12)}…${key.slice(-4)}`;
}

/** Replaces every occurrence of `secret` in `text` with `mask` (default: its redacted form). */
export function scrub(text: string, secret: string, mask: string = redactKey(secret)): string {
  return text.split(secret).join(mask);
}

/**
 * `error`, to keep as a `cause`: itself, unless `secret` shows in its text, stack, own fields or
 * causes (a custom fetch's error may quote the request it failed on); then a plain Error with
 * its reason, scrubbed. What cannot be inspected (a cycle, a throwing getter) counts as showing it.
 */
export function safeCause(error: unknown, secret: string): unknown {
  let text: unknown = secret;
  try {
    // Errors spelled out (their message, stack, cause and errors are not enumerable); a cycle throws.
    text = JSON.stringify(error, (_, e) => (e?.stack ? [e.stack, e.message, e.cause, e.errors, { ...e }] : e));
  } catch {}
  return `${text}`.includes(secret) ? new Error(scrub(describeCause(error), secret)) : error;
}
