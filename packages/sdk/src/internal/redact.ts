/** The display form of a key, as the API writes it: prefix, ellipsis, last 4 (`clipia_live_…a1B2`). */
export function redactKey(key: string): string {
  return `${/^clipia_[a-z]+_/.exec(key)?.[0] ?? ""}…${key.slice(-4)}`;
}

/** Replaces every occurrence of `secret` in `text` with its redacted form. */
export function scrub(text: string, secret: string): string {
  return text.includes(secret) ? text.split(secret).join(redactKey(secret)) : text;
}
