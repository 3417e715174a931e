import type { TestModule } from "vitest/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import SummaryReporter from "../src/vitest-reporter.js";

// The closing `N passed, N failed` line is what CI tooling reads: it must never say 0 failed for a
// run that failed.

type State = "passed" | "failed" | "skipped";

/** A test module as the reporter reads it: its state and its tests' states. */
function testModule(state: State, tests: State[]): TestModule {
  const allTests = () => tests.map((test) => ({ result: () => ({ state: test }) }));
  return { state: () => state, children: { allTests } } as unknown as TestModule;
}

function summaryOf(modules: TestModule[], unhandled = 0): string {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    new SummaryReporter().onTestRunEnd(
      modules,
      Array.from({ length: unhandled }, () => ({ message: "boom" })),
    );
  } finally {
    write.mockRestore();
  }
  return lines.join("").trim().split("\n").at(-1) ?? "";
}

describe("the closing summary line", () => {
  afterEach(() => vi.restoreAllMocks());

  it("counts passed, failed and skipped tests", () => {
    const line = summaryOf([testModule("failed", ["passed", "failed", "skipped"]), testModule("passed", ["passed"])]);
    expect(line).toBe("2 passed, 1 failed, 1 skipped");
  });

  it("counts a file whose beforeAll threw (its tests skipped) as one failure", () => {
    const line = summaryOf([testModule("failed", ["skipped", "skipped", "skipped"]), testModule("passed", ["passed"])]);
    expect(line).toBe("1 passed, 1 failed, 3 skipped");
  });

  it("counts a file that failed to import (no tests) and each unhandled error", () => {
    expect(summaryOf([testModule("failed", []), testModule("passed", ["passed"])], 2)).toBe("1 passed, 3 failed");
  });
});
