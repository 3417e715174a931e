import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { SandboxServerError } from "./errors.js";

/**
 * Reads a `--state` file. Returns `undefined` when it does not exist; a file that exists but is not
 * JSON is an error (the caller must stop and leave the file alone, it may be the user's only copy).
 */
export async function readStateFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SandboxServerError("state_unreadable", `Cannot read state file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SandboxServerError(
      "state_corrupt",
      `State file ${path} is not valid JSON (${(error as Error).message}). It was left untouched; move it away or pass another --state path.`,
      { cause: error },
    );
  }
}

/**
 * Replaces `path` atomically: a reader sees the old content or the new, never half a file, even
 * after a crash or power loss (tmp file in the same directory, fsync, rename, fsync the directory).
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const file = await open(tmp, "w", 0o600);
    try {
      await file.writeFile(data, "utf8");
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** A debounced, coalescing writer: many changes in a burst become one write, writes never overlap. */
export interface StatePersister {
  /** Marks the state dirty; a write follows within `delayMs`. */
  schedule(): void;
  /** Writes now if dirty (or a write is pending) and resolves once everything is on disk. */
  flush(): Promise<void>;
}

export function createStatePersister(options: {
  path: string;
  serialize: () => string;
  delayMs?: number;
  onError?: (error: unknown) => void;
}): StatePersister {
  const delayMs = options.delayMs ?? 50;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> | undefined;

  const writeNow = async (): Promise<void> => {
    // Serialise at write time so the latest store is written, not the one from the first change.
    dirty = false;
    try {
      await writeFileAtomic(options.path, options.serialize());
    } catch (error) {
      options.onError?.(error);
    }
  };

  const run = (): Promise<void> => {
    timer = undefined;
    writing = writeNow().finally(() => {
      writing = undefined;
      if (dirty) arm();
    });
    return writing;
  };

  const arm = () => {
    if (timer === undefined && writing === undefined) timer = setTimeout(run, delayMs);
  };

  return {
    schedule() {
      dirty = true;
      arm();
    },
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      while (writing !== undefined || dirty) {
        if (writing !== undefined) await writing;
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        if (dirty) await run();
      }
    },
  };
}
