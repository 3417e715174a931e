/**
 * Reads an environment variable on any runtime without importing Node: `process.env` where it
 * exists (Node, Bun, Deno 2, edge shims; Deno throws without --allow-env, so it is guarded),
 * nothing in a browser. Empty strings count as unset.
 */
export function readEnv(name: string): string | undefined {
  try {
    return (
      (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name]?.trim() ||
      undefined
    );
  } catch {}
}
