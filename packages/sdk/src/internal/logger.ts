import { scrub } from "./redact.js";

/** Any object with the four console methods (console, pino, winston, …). */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && value in RANK;
}

/**
 * Wraps a logger so that lines under `level` are dropped and the key can never reach a log line,
 * even through a structured argument (arguments are serialised and scrubbed).
 */
export interface LevelLogger extends Logger {
  /** Whether lines of `method`'s level are written: lets callers skip building costly arguments. */
  enabled(method: Exclude<LogLevel, "off">): boolean;
}

export function levelLogger(logger: Logger, level: LogLevel, secret: string): LevelLogger {
  const emit =
    (method: Exclude<LogLevel, "off">) =>
    (message: string, ...args: unknown[]) => {
      if (RANK[method] > RANK[level]) return;
      const clean = args.map((arg) =>
        typeof arg === "string" ? scrub(arg, secret) : JSON.parse(scrub(JSON.stringify(arg) ?? "null", secret)),
      );
      logger[method](`[clipia] ${scrub(message, secret)}`, ...clean);
    };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    enabled: (method) => RANK[method] <= RANK[level],
  };
}
