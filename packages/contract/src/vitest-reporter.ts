// Ends every vitest run with the contract coverage and then one plain line, `N passed, N failed`
// (`, N skipped` when any), which CI tooling reads without knowing vitest's own summary format.
// A test file that failed before running any test (an import error, say), unhandled errors and
// a strict contract-coverage failure count as failures.
import type { Reporter, SerializedError, TestModule } from "vitest/node";
import { coverageOfRun } from "./report-setup.js";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      let failedHere = 0;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedHere++;
        else if (state === "skipped") skipped++;
      }
      // A file that failed with no failed test: an import error, or a `beforeAll` that threw (its
      // tests are then reported as skipped). It counts once, so the line never says 0 failed for a
      // run that failed.
      failed += failedHere > 0 ? failedHere : testModule.state() === "failed" ? 1 : 0;
    }
    const coverage = coverageOfRun();
    if (coverage) {
      process.stdout.write(`\n${coverage.text}\n`);
      if (coverage.failed) {
        failed++;
        process.exitCode = 1;
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}\n`);
  }
}
