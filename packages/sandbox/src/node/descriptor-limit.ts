import { readFile } from "node:fs/promises";

/** The connection cap when the descriptor limit leaves room for it (or cannot be read). */
const DEFAULT_MAX_CONNECTIONS = 1024;

/**
 * The soft limit on open file descriptors of this process, where the OS tells it without
 * spawning a shell: `/proc/self/limits` on Linux. `undefined` elsewhere or when unlimited (Node
 * raises the soft limit to the hard one at start, so elsewhere it is rarely the tighter bound).
 */
export async function descriptorLimit(): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile("/proc/self/limits", "utf8");
  } catch {
    return undefined;
  }
  const soft = /^Max open files\s+(\d+)\s/m.exec(text)?.[1];
  return soft === undefined ? undefined : Number(soft);
}

/**
 * The default connection cap for a descriptor limit: below it, with a quarter of the descriptors
 * (at least 32) kept for everything else the process opens (stdio, the listening socket, the state
 * database and its -wal, webhook deliveries, the event loop's own). A cap above the limit lets idle
 * sockets use up the descriptors, and every new connection is then reset by the OS.
 */
export function defaultMaxConnections(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_MAX_CONNECTIONS;
  const reserve = Math.max(32, Math.floor(limit / 4));
  return Math.max(1, Math.min(DEFAULT_MAX_CONNECTIONS, limit - reserve));
}
