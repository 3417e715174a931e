import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fuzzRequest } from "./arbitraries.js";
import { runCount } from "../support/run-size.js";
import { buildFixtures, type Fixtures, runSequence, type RunStats } from "./harness.js";

// Seeded fuzzing of sandbox.fetch. Reproduce a failure with the printed seed:
//   FUZZ_SEED=<seed> pnpm exec vitest run packages/sandbox/test/fuzz
// FUZZ_RUNS scales the number of sequences (default: at least 10,000 requests with CI=true, at
// least 2,000 in a plain local run: support/run-size.ts).
// Date is frozen and the sandbox follows it, so its clock moves only when a request advances it:
// each run is then fully determined by the seed.

const MIN_LENGTH = 20;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
// × at least 20 requests = at least 10,000 in CI
const numRuns = runCount(500, 100, process.env.FUZZ_RUNS);

describe("fuzzing sandbox.fetch", () => {
  let fixtures: Fixtures;
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2026, 0, 1) });
    fixtures = await buildFixtures();
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it("holds the contract, never answers 5xx unless told to, never overspends", async () => {
    console.log(`fuzz seed: ${seed} (reproduce with FUZZ_SEED=${seed}), runs: ${numRuns}`);
    const stats: RunStats = { requests: 0, statuses: new Map() };
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzRequest, { minLength: MIN_LENGTH, maxLength: 25, size: "max" }), (specs) =>
        runSequence(specs, fixtures, stats),
      ),
      { seed, numRuns },
    );
    const seconds = (performance.now() - started) / 1000;
    const histogram = [...stats.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}:${n}`)
      .join(" ");
    console.log(
      `fuzz: ${stats.requests} requests in ${seconds.toFixed(1)} s (${Math.round(stats.requests / seconds)}/s); ${histogram}`,
    );
    expect(stats.requests).toBeGreaterThanOrEqual(numRuns * MIN_LENGTH);
    // The generators must reach success as well as each kind of rejection, or the invariants prove little.
    for (const status of [200, 201, 400, 401, 402, 403, 404, 405, 409, 413, 415, 422, 429])
      expect(stats.statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
  }, 180_000);
});
