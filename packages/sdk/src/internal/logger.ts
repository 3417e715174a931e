import { check } from "./check.js";
import { readEnv } from "./env.js";
import { scrub } from "./redact.js";

/** Any object with the four console methods (console, pino, winston, …). */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/** How much the SDK logs: `off`, or the lowest level written. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

const LEVELS = ["off", "error", "warn", "info", "debug"];

/** @internal Writes `message` at `level` when the client's level allows it, the key scrubbed out. */
export type Log = (level: "debug" | "info" | "warn", message: string) => void;

/**
 * The client's log function: `logger` (default `console`) at `logLevel` (default `CLIPIA_LOG`,
 * else `warn`; an unknown `CLIPIA_LOG` is ignored, an unknown `logLevel` throws).
 */
export function makeLog(logger: Logger = console, logLevel: LogLevel | undefined, secret: string): Log {
  const env = readEnv("CLIPIA_LOG") as LogLevel;
  const rank = LEVELS.indexOf(logLevel ?? (LEVELS.includes(env) ? env : "warn"));
  check(rank >= 0, `logLevel must be one of ${LEVELS}.`);
  return (level, message) => {
    if (LEVELS.indexOf(level) <= rank) logger[level](`[clipia] ${scrub(message, secret)}`);
  };
}
