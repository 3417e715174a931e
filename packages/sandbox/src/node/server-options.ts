/** Options of `startSandboxServer` (node/server.ts). */
export interface SandboxServerOptions {
  /** TCP port; `0` picks a free one (read it back from `url`). Default 4010. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`; anything non-loopback prints a warning to stderr. */
  host?: string;
  /** Seed for keys, secrets, outputs and (with `deterministic`) ids (default 42, the keys printed in the docs). */
  seed?: number;
  /**
   * SQLite database the store is loaded from (if present) and saved to, change by change: an
   * answer leaves only once its change is committed. Needs SQLite: Node's built-in `node:sqlite`
   * (Node 22.13+) or, where installed, `better-sqlite3` (`CLIPIA_SANDBOX_SQLITE=node|better-sqlite3`
   * forces one); with neither, the server fails to start (`state_unavailable`).
   */
  state?: string;
  /** The sandbox clock reads `Date.now()` (plus offsets), so fake timers drive it. */
  followDateNow?: boolean;
  /** Request and webhook delivery ids from the seed, the same every run (default: random). */
  deterministic?: boolean;
  /** Limits against slow, idle or greedy clients; each default suits a local dev server. */
  limits?: Partial<SandboxServerLimits>;
}

/** The server's limits (see {@link SandboxServerOptions.limits}). */
export interface SandboxServerLimits {
  /**
   * Open connections at once. At the cap a new connection closes the longest-idle one (no request
   * in progress); when all are busy it is refused. Default 1024, or less when the process's
   * file-descriptor limit is lower (a quarter of it, at least 32, is kept for everything else).
   */
  maxConnections: number;
  /** A client has this long to send a request's headers, from its connection or its previous answer. Default 10 s. */
  headersTimeoutMs: number;
  /** …and this long to send the whole request. Default 30 s. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. Default 5 s. */
  keepAliveTimeoutMs: number;
}

/** The limits' defaults, but `maxConnections`: it follows the process's file-descriptor limit. */
export const DEFAULT_LIMITS: Omit<SandboxServerLimits, "maxConnections"> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};
