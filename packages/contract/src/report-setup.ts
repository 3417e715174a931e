import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COVERAGE_DIR_ENV, readCoverageDir } from "./coverage.js";
import { formatReport, reportOf } from "./report.js";

// Vitest globalSetup: every worker appends the pairs it validated under a fresh directory; the
// teardown merges them and prints the contract coverage. With CLIPIA_CONTRACT_COVERAGE_STRICT=1
// (`pnpm test:coverage-contract`) the run fails when a documented pair was never produced.

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

/** Prints the merged coverage; in strict mode an uncovered pair fails the run. */
export function teardown(): void {
  if (!dir) return;
  const pairs = readCoverageDir(dir);
  if (owned) {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[COVERAGE_DIR_ENV];
  }
  const strict = process.env[COVERAGE_STRICT_ENV] === "1";
  // A run that validated nothing (a single unit-test file) has nothing to say.
  if (pairs.length === 0 && !strict) return;
  const report = reportOf(pairs);
  console.log(`\n${formatReport(report, { full: strict })}\n`);
  if (strict && report.uncovered.length > 0) {
    console.error(`Contract coverage FAILED: ${report.uncovered.length} documented operation × status pair(s) never produced.`);
    process.exitCode = 1;
  }
}
