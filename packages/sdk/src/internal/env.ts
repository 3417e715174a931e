/**
 * Reads an environment variable on any runtime without importing Node: `process.env` where it
 * exists (Node, Bun, edge shims), `Deno.env` on Deno (which throws without --allow-env, so it is
 * guarded), nothing in a browser. Empty strings count as unset.
 */
export function readEnv(name: string): string | undefined {
  const g = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get?: (name: string) => string | undefined } };
  };
  let value: string | undefined;
  try {
    value = g.process?.env?.[name] ?? g.Deno?.env?.get?.(name);
  } catch {
    value = undefined;
  }
  value = value?.trim();
  return value ? value : undefined;
}
