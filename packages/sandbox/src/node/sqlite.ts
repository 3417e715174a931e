import { SandboxServerError } from "./errors.js";

// The slice of better-sqlite3 the state database uses, typed here so the package needs no
// @types dependency and the module stays optional: it is loaded only when `--state` is given.

/** A prepared statement. */
export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** An open database connection. */
export interface SqliteDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
  prepare(source: string): SqliteStatement;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}

type DatabaseConstructor = new (
  path: string,
  options?: { timeout?: number; fileMustExist?: boolean },
) => SqliteDatabase;

/** Loads better-sqlite3 (an optional dependency); a clear error when it is not installed. */
export async function loadSqlite(): Promise<DatabaseConstructor> {
  try {
    const name = "better-sqlite3";
    const module = (await import(name)) as { default?: DatabaseConstructor };
    return (module.default ?? module) as DatabaseConstructor;
  } catch (error) {
    throw new SandboxServerError(
      "state_unavailable",
      `--state needs the optional dependency better-sqlite3 (version 12), which is not installed or did not build: ${(error as Error).message}. Install it next to @clipia/sandbox (npm install better-sqlite3@12) or run without --state.`,
      { cause: error },
    );
  }
}
