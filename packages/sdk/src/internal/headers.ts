/**
 * `target` with `more` set over it, names in lower case as `Headers` spells them; returns `target`.
 * Request headers stay plain records (see `resolveHeaders` in ../options.ts for why).
 */
export function addHeaders(target: Record<string, string>, more: HeadersInit | undefined): Record<string, string> {
  new Headers(more).forEach((value, name) => {
    target[name] = value;
  });
  return target;
}
