import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { loadContract } from "./load-contract.js";

/** An (operation, status) pair seen in a response that passed validation. */
export interface CoveragePair {
  operationId: string;
  status: number;
}

/** One documented operation × status, and whether a validated response covered it. */
export interface CoverageEntry {
  operationId: string;
  method: string;
  path: string;
  /** The documented response key (`"200"`, `"4XX"`, `"default"`). */
  status: string;
  covered: boolean;
}

/** Pseudo-operations for answers no operation documents: an unknown path, an unknown method. */
export const UNKNOWN_PATH = "(unknown path)";
export const METHOD_NOT_ALLOWED = "(undocumented method)";
/** Pseudo-operation for the sandbox-only key policy answers (403 `model_not_allowed`, `ip_not_allowed`). */
export const SANDBOX_POLICY = "(sandbox key policy)";

/** Set it to a directory to also append every newly seen pair there, one JSON line each. */
export const COVERAGE_DIR_ENV = "CLIPIA_CONTRACT_COVERAGE_DIR";

const seen = new Map<string, CoveragePair>();

/** Records a validated pair (module state; and a JSON line under CLIPIA_CONTRACT_COVERAGE_DIR). */
export function recordCoverage(pair: CoveragePair): void {
  const id = `${pair.operationId} ${pair.status}`;
  if (seen.has(id)) return;
  seen.set(id, { operationId: pair.operationId, status: pair.status });
  const dir = process.env[COVERAGE_DIR_ENV];
  if (dir) {
    mkdirSync(dir, { recursive: true });
    // One file per process and worker thread, so parallel vitest workers never interleave writes.
    appendFileSync(join(dir, `contract-coverage-${process.pid}-${threadId}.jsonl`), `${JSON.stringify(pair)}\n`);
  }
}

/** The pairs recorded by this process so far. */
export function coveredPairs(): CoveragePair[] {
  return [...seen.values()];
}

/** Forgets the pairs recorded in this process (the files under the coverage dir stay). */
export function resetCoverage(): void {
  seen.clear();
}

/** Reads every pair that any process appended under `dir` (see CLIPIA_CONTRACT_COVERAGE_DIR). */
export function readCoverageDir(dir: string): CoveragePair[] {
  if (!existsSync(dir)) return [];
  const pairs: CoveragePair[] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .sort()) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      if (line.trim()) pairs.push(JSON.parse(line) as CoveragePair);
    }
  }
  return pairs;
}

/**
 * Every documented operation × status pair of both contract files (plus the 404 of an unknown
 * path and the 405 of an undocumented method), each flagged covered when `pairs` has it.
 *
 * @example
 * const missing = contractCoverage().filter((entry) => !entry.covered);
 */
export function contractCoverage(pairs: Iterable<CoveragePair> = seen.values()): CoverageEntry[] {
  const contract = loadContract();
  const covered = new Set<string>();
  for (const { operationId, status } of pairs) {
    const key = contract.operation(operationId)?.response(status)?.status ?? String(status);
    covered.add(`${operationId} ${key}`);
  }
  const entries: CoverageEntry[] = contract.operations.flatMap((op) =>
    op.statuses.map((status) => ({
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      status,
      covered: covered.has(`${op.operationId} ${status}`),
    })),
  );
  entries.push(
    { operationId: UNKNOWN_PATH, method: "*", path: "*", status: "404", covered: covered.has(`${UNKNOWN_PATH} 404`) },
    {
      operationId: METHOD_NOT_ALLOWED,
      method: "*",
      path: "*",
      status: "405",
      covered: covered.has(`${METHOD_NOT_ALLOWED} 405`),
    },
  );
  return entries;
}

/** A plain-text table of `contractCoverage()`, one operation per line, then the totals. */
export function formatCoverage(entries: readonly CoverageEntry[] = contractCoverage()): string {
  const rows = new Map<string, { label: string; statuses: string[] }>();
  for (const entry of entries) {
    const row = rows.get(entry.operationId) ?? {
      label: `${entry.operationId} (${entry.method} ${entry.path})`,
      statuses: [],
    };
    row.statuses.push(entry.covered ? `${entry.status} ✓` : `${entry.status} ·`);
    rows.set(entry.operationId, row);
  }
  const width = Math.max(...[...rows.values()].map((row) => row.label.length));
  const covered = entries.filter((entry) => entry.covered).length;
  const percent = entries.length === 0 ? 0 : Math.round((covered / entries.length) * 100);
  return [
    ...[...rows.values()].map((row) => `${row.label.padEnd(width)}  ${row.statuses.join("  ")}`),
    `contract coverage: ${covered}/${entries.length} operation × status pairs (${percent}%)`,
  ].join("\n");
}
