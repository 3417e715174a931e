import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COVERAGE_DIR_ENV, readCoverageDir } from "./coverage.js";
import { formatReport, reportOf } from "./report.js";

// Vitest globalSetup: every worker appends the pairs it validated under a fresh directory; the
// summary reporter (vitest-reporter.ts) merges and prints them. With
// CLIPIA_CONTRACT_COVERAGE_STRICT=1 (`pnpm test:coverage-contract`) the run fails when a
// documented pair was never produced.

/** Set to 1 to fail the run on any uncovered operation × status pair. */
export const COVERAGE_STRICT_ENV = "CLIPIA_CONTRACT_COVERAGE_STRICT";

let dir: string | undefined;
let owned = false;

/** Points the workers at a fresh coverage directory (or the one already set). */
export function setup(): void {
  dir = process.env[COVERAGE_DIR_ENV];
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), "clipia-contract-coverage-"));
    owned = true;
    // Workers are started after globalSetup and inherit this environment.
    process.env[COVERAGE_DIR_ENV] = dir;
  }
}

/**
 * The merged coverage of this run as text, and whether it fails the run (strict mode with an
 * uncovered pair); undefined when the run validated nothing and strict mode is off. The summary
 * reporter prints it, before its closing line.
 */
export function coverageOfRun(): { text: string; failed: boolean } | undefined {
  const current = dir ?? process.env[COVERAGE_DIR_ENV];
  if (!current) return undefined;
  const pairs = readCoverageDir(current);
  const strict = process.env[COVERAGE_STRICT_ENV] === "1";
  // A run that validated nothing (a single unit-test file) has nothing to say.
  if (pairs.length === 0 && !strict) return undefined;
  const report = reportOf(pairs);
  const failed = strict && report.uncovered.length > 0;
  const verdict = failed
    ? `\nContract coverage FAILED: ${report.uncovered.length} documented operation × status pair(s) never produced.`
    : "";
  return { text: `${formatReport(report, { full: strict })}${verdict}`, failed };
}

/** Removes this run's coverage directory. */
export function teardown(): void {
  if (dir && owned) {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[COVERAGE_DIR_ENV];
  }
}
