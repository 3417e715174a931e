import { APITimeoutError, APIUserAbortError } from "../errors.js";

/**
 * One signal for a whole call: any of the caller's signals (reason: APIUserAbortError, the
 * signal's own reason as `cause`) or the deadline `timeout` ms from now (reason:
 * APITimeoutError), whichever comes first; and the cleanup that removes the timer and the
 * listeners. A `timeout` that is not positive (0, negative, NaN) has passed already: the signal
 * starts aborted, so nothing is sent.
 */
export function linkSignals(
  userSignals: readonly (AbortSignal | undefined)[],
  timeout: number,
  timeoutMessage: () => string,
): [signal: AbortSignal, cleanup: () => void] {
  const controller = new AbortController();
  const onAbort = () =>
    controller.abort(new APIUserAbortError("Aborted.", { cause: userSignals.find((s) => s?.aborted)?.reason }));
  for (const signal of userSignals) {
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort);
  }
  const expire = () => controller.abort(new APITimeoutError(timeoutMessage()));
  // No timer for Infinity (or any delay setTimeout would overflow and fire at once): no deadline.
  const timer = timeout > 0 ? timeout < 2 ** 31 && setTimeout(expire, timeout) : expire();
  return [
    controller.signal,
    () => {
      clearTimeout(timer as never);
      for (const signal of userSignals) signal?.removeEventListener("abort", onAbort);
    },
  ];
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts, so a
 * `fetch` that ignores its signal (an injected one, say) still cannot outlive the call.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort);
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
