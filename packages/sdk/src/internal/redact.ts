import { describeCause } from "./connection.js";

// The one place the package masks a key: the client's errors, headers, causes and log lines, the
// results attached to GenerationFailedError / GenerationCanceledError, and every line the CLI writes.

const PREFIX = /^clipia_(?:live|test)_/;

/**
 * The shortest secret part (the body after `clipia_live_` / `clipia_test_`) masked on its own,
 * without its prefix. SPEC §1 allows bodies of 1 character: masking `abc` wherever it occurs
 * would mangle innocent text, so a shorter body is masked only as part of the whole key. The
 * same length decides whether the display form may show the last 4 characters.
 */
const MIN_SECRET_PART = 8;

/** The part of `key` that is secret on its own: its body when at least {@link MIN_SECRET_PART} long. */
function secretPart(key: string): string | undefined {
  const body = key.replace(PREFIX, "");
  return body.length >= MIN_SECRET_PART ? body : undefined;
}

/**
 * The display form of a key, as the API writes it: its prefix, an ellipsis, its last 4
 * (`clipia_live_…a1B2`). A body shorter than {@link MIN_SECRET_PART} shows no last 4: they would
 * be half of it, or all.
 */
export function redactKey(key: string): string {
  const prefix = PREFIX.exec(key)?.[0] ?? "";
  return `${prefix}…${secretPart(key)?.slice(-4) ?? ""}`;
}

/**
 * A pattern for `text` as it is or altered on the way back: any character percent-encoded
 * (`%41` or `%4a` / `%4A`), any letter in either case (a header normalised to lower case still
 * gives most of the key away).
 */
function anyForm(text: string): RegExp {
  const chars = [...text].map((char) => {
    const literal = char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const code = char.charCodeAt(0);
    return code < 0x80 ? `(?:${literal}|%${code.toString(16).padStart(2, "0")})` : literal;
  });
  return new RegExp(chars.join(""), "gi");
}

/**
 * `text` with every form of `key` masked: the whole key becomes `mask` (default: its display
 * form), then its secret part, wherever it still shows alone, becomes `mask` or `…` + its last 4.
 * So an echoed `clipia_live_<body>` and an echoed `<body>` both read `…a1B2` after what preceded them.
 */
export function scrub(text: string, key: string, mask?: string): string {
  if (!key) return text;
  const part = secretPart(key);
  const masked = text.replace(anyForm(key), () => mask ?? redactKey(key));
  return part ? masked.replace(anyForm(part), () => mask ?? `…${part.slice(-4)}`) : masked;
}

/** Whether any form of `key` shows in `text`. */
function reveals(text: string, key: string): boolean {
  return scrub(text, key) !== text;
}

/**
 * `value` (parsed JSON: strings, numbers, arrays, plain objects) with `key` scrubbed from every
 * string in it, object keys included. Walked rather than scrubbed as JSON text: a mask must never
 * land inside a number and break the document.
 */
export function scrubDeep<T>(value: T, key: string): T {
  if (typeof value === "string") return scrub(value, key) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => scrubDeep(item, key)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [scrub(name, key), scrubDeep(item, key)]),
    ) as T;
  }
  return value;
}

/**
 * A copy of `headers` with `key` masked as `[redacted]` (a header value must be Latin-1: no
 * ellipsis there). A header whose name shows the key is dropped: its mask would not be a valid name.
 */
export function scrubHeaders(headers: Headers, key: string): Headers {
  const clean = new Headers();
  headers.forEach((value, name) => {
    if (!reveals(name, key)) clean.append(name, scrub(value, key, "[redacted]"));
  });
  return clean;
}

/**
 * `error`, to keep as a `cause`: itself, unless `key` shows in its text, stack, own fields or
 * causes (a custom fetch's error may quote the request it failed on); then a plain Error with
 * its reason, scrubbed. What cannot be inspected (a cycle, a throwing getter) counts as showing it.
 */
export function safeCause(error: unknown, key: string): unknown {
  let text: unknown = key;
  try {
    // Errors spelled out (their message, stack, cause and errors are not enumerable); a cycle throws.
    text = JSON.stringify(error, (_, e) => (e?.stack ? [e.stack, e.message, e.cause, e.errors, { ...e }] : e));
  } catch {}
  return reveals(`${text}`, key) ? new Error(scrub(describeCause(error), key)) : error;
}
