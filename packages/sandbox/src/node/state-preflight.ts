import { chmod, open, readFile, rename } from "node:fs/promises";
import type { SandboxSnapshot } from "../engine/snapshot.js";
import { SandboxServerError } from "./errors.js";

// What the state database's opening can run into before SQLite has the file: a JSON state file
// of an earlier version (imported), a path that cannot be read or written, a locked or foreign file.

/** A JSON snapshot left by an earlier version: moved aside to `<path>.bak` and imported. */
export async function legacySnapshot(path: string): Promise<SandboxSnapshot | undefined> {
  let head: string;
  try {
    const file = await open(path, "r");
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(16), 0, 16, 0);
      head = buffer.subarray(0, bytesRead).toString("latin1");
    } finally {
      await file.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR" || code === "EACCES") throw unwritable(path, error);
    throw new SandboxServerError("state_unreadable", `Cannot read state file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (head.length === 0 || head.startsWith("SQLite format 3\u0000")) return undefined;
  if (!head.trimStart().startsWith("{")) {
    throw new SandboxServerError(
      "state_corrupt",
      `State file ${path} is not a sandbox state database. It was left untouched; move it away or pass another --state path.`,
    );
  }
  let snapshot: SandboxSnapshot;
  try {
    snapshot = JSON.parse(await readFile(path, "utf8")) as SandboxSnapshot;
  } catch (error) {
    throw new SandboxServerError(
      "state_corrupt",
      `State file ${path} is not valid JSON (${(error as Error).message}). It was left untouched; move it away or pass another --state path.`,
      { cause: error },
    );
  }
  if (snapshot?.version !== 2) {
    throw new SandboxServerError(
      "state_corrupt",
      `State file ${path} is not a sandbox snapshot. It was left untouched; move it away or pass another --state path.`,
    );
  }
  await rename(path, `${path}.bak`);
  return snapshot;
}

/**
 * Makes the state file owner-only (0600) before SQLite opens it: it holds webhook secrets, and
 * SQLite would create it 0644 (less the umask). SQLite gives its -wal and -shm files the mode of
 * the database, so they follow; ones left by an earlier version are tightened as well. `chmod`
 * sets the mode whatever the umask.
 */
export async function restrictToOwner(path: string): Promise<void> {
  try {
    await (await open(path, "wx", 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw unwritable(path, error);
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      await chmod(file, 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Absent (-wal, -shm) is fine; another user's file keeps its mode (their choice, not ours to change).
      if (code !== "ENOENT" && code !== "EPERM") throw unwritable(path, error);
    }
  }
}

/**
 * Refuses a damaged file before anything is written to it: SQLite's `quick_check` walks every
 * page, catching what reading the tables alone does not (a broken index is only hit by a later write).
 */
export function checkIntegrity(path: string, quickCheck: () => unknown): void {
  const rows = quickCheck() as Array<Record<string, unknown>>;
  const problems = rows.map((row) => String(Object.values(row)[0] ?? "")).filter((line) => line !== "ok");
  if (problems.length === 0) return;
  const detail = problems.join("; ").replace(/\s+/g, " ").slice(0, 300);
  throw new SandboxServerError(
    "state_corrupt",
    `State file ${path} is damaged (SQLite quick_check: ${detail}). It was left untouched; restore a copy, move it away or pass another --state path.`,
  );
}

export function classify(path: string, error: unknown): SandboxServerError {
  const code = (error as { code?: string }).code ?? "";
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
    return new SandboxServerError(
      "state_locked",
      `State file ${path} is in use by another sandbox server; one file serves one server at a time. Stop the other one or pass another --state path.`,
      { cause: error },
    );
  }
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
    return new SandboxServerError(
      "state_corrupt",
      `State file ${path} is not a sandbox state database (${(error as Error).message}). It was left untouched.`,
      { cause: error },
    );
  }
  return unwritable(path, error);
}

export function unwritable(path: string, error: unknown): SandboxServerError {
  return new SandboxServerError("state_unwritable", `Cannot write state file ${path}: ${(error as Error).message}.`, {
    cause: error,
  });
}
