import { raceAbort } from "./abort.js";

/** Waits `ms`, rejecting with the signal's reason as soon as it aborts (and then clearing the timer). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return raceAbort(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}
