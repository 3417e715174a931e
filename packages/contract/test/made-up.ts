import { COVERAGE_DIR_ENV, resetCoverage } from "@clipia/contract";
import { afterAll, beforeAll } from "vitest";

/**
 * For a file whose responses are made up, not produced by the sandbox: keeps them out of the run's
 * contract coverage. The files of a worker share their modules and environment, so once the file
 * is done the coverage directory is set again and the pairs it recorded are forgotten: the next
 * file records its own as if this one had never run.
 */
export function keepOutOfCoverage(): void {
  let dir: string | undefined;
  beforeAll(() => {
    dir = process.env[COVERAGE_DIR_ENV];
    delete process.env[COVERAGE_DIR_ENV];
  });
  afterAll(() => {
    resetCoverage();
    if (dir !== undefined) process.env[COVERAGE_DIR_ENV] = dir;
  });
}
