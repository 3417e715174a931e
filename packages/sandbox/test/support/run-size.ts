// How long the inherently long tests run (fuzz rounds, kill -9 rounds). `CI=true` (what `.ci/run`
// sets) runs the full counts; a plain local run does fewer, so `pnpm test` stays quick while every
// assertion still runs in CI. An explicit count (FUZZ_RUNS, …) wins over both.

/** True in CI: the full counts. */
export const FULL_RUN = process.env.CI === "true" || process.env.CI === "1";

/** `full` in CI, `local` otherwise; `override` (an environment variable's value) when set. */
export function runCount(full: number, local: number, override?: string): number {
  if (override !== undefined && override !== "") return Number(override);
  return FULL_RUN ? full : local;
}
