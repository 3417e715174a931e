import { APITimeoutError, APIUserAbortError } from "../errors.js";

/**
 * One signal for a whole call: any of the caller's signals (reason: APIUserAbortError, the
 * signal's own reason as `cause`) or the deadline `timeout` ms from now (reason:
 * APITimeoutError), whichever comes first. `cleanup` removes the timer and the listeners.
 */
export function linkSignals(
  userSignals: readonly (AbortSignal | undefined)[],
  timeout: number,
  timeoutMessage: () => string,
): { signal: AbortSignal; cleanup(): void } {
  const controller = new AbortController();
  const onAbort = (event?: Event) =>
    controller.abort(new APIUserAbortError("Aborted.", { cause: (event?.target as AbortSignal | undefined)?.reason }));
  for (const signal of userSignals) {
    if (signal?.aborted) onAbort({ target: signal } as unknown as Event);
    else signal?.addEventListener("abort", onAbort, { once: true });
  }
  // No timer for Infinity (or any delay setTimeout would overflow and fire at once): no deadline.
  const timer = timeout < 2 ** 31 ? setTimeout(() => controller.abort(new APITimeoutError(timeoutMessage())), timeout) : 0;
  return {
    signal: controller.signal,
    cleanup() {
      clearTimeout(timer);
      for (const signal of userSignals) signal?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts, so a
 * `fetch` that ignores its signal (an injected one, say) still cannot outlive the call.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
