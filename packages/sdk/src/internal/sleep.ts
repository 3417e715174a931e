import { raceAbort } from "./abort.js";

/**
 * Waits `ms` (at most 2³¹−1: a longer delay would overflow setTimeout and fire at once), rejecting
 * with the signal's reason as soon as it aborts (and then clearing the timer).
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return raceAbort(
    new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.min(ms, 2 ** 31 - 1)))),
    signal,
  ).finally(() => clearTimeout(timer));
}
