/** True in a browser page (it has a `document`), where an API key would be exposed to visitors. */
export function isBrowser(): boolean {
  return "document" in globalThis;
}
