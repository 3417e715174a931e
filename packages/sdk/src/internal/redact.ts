const PREFIX = /^clipia_(live|test|admin)_/;

/** The display form of a key, as the API writes `redacted_value`: prefix, ellipsis, last 4. */
export function redactKey(key: string): string {
  const prefix = PREFIX.exec(key)?.[0] ?? "";
  return `${prefix}…${key.slice(-4)}`;
}

/** Replaces every occurrence of `secret` in `text` with its redacted form. */
export function scrub(text: string, secret: string): string {
  return secret && text.includes(secret) ? text.split(secret).join(redactKey(secret)) : text;
}

const SECRET_HEADERS = new Set(["authorization", "x-api-key"]);

/** Headers as a plain object for log lines, with credential headers masked. */
export function maskHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  entries.forEach(([name, value]) => {
    if (!SECRET_HEADERS.has(name)) {
      out[name] = value;
      return;
    }
    const space = value.indexOf(" ");
    const credential = space === -1 ? value : value.slice(space + 1);
    out[name] = space === -1 ? redactKey(credential) : `${value.slice(0, space)} ${redactKey(credential)}`;
  });
  return out;
}
