import { APITimeoutError, APIUserAbortError } from "../errors.js";

export interface LinkedSignal {
  /** Aborts when the caller's signal does or the deadline passes; its `reason` is the error to throw. */
  signal: AbortSignal;
  cleanup(): void;
}

/**
 * One signal for a whole call: the caller's `AbortSignal` (reason: APIUserAbortError) or the
 * deadline `timeout` ms from now (reason: APITimeoutError), whichever comes first.
 */
export function linkSignals(
  userSignal: AbortSignal | undefined,
  timeout: number,
  timeoutMessage = `Request timed out after ${timeout} ms.`,
): LinkedSignal {
  const controller = new AbortController();
  const onAbort = () => controller.abort(new APIUserAbortError(undefined, { cause: userSignal?.reason }));
  if (userSignal?.aborted) onAbort();
  else userSignal?.addEventListener("abort", onAbort, { once: true });
  const timer =
    Number.isFinite(timeout) && !controller.signal.aborted
      ? setTimeout(() => controller.abort(new APITimeoutError(timeoutMessage)), timeout)
      : undefined;
  return {
    signal: controller.signal,
    cleanup() {
      clearTimeout(timer);
      userSignal?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts, so a
 * `fetch` that ignores its signal (an injected one, say) still cannot outlive the call.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * One signal that aborts when either does (`wait` and `run` take one in `waitOptions` and one in
 * `options`); `cleanup` removes its listeners from both. No allocation unless both are given.
 */
export function eitherSignal(
  a: AbortSignal | undefined,
  b: AbortSignal | undefined,
): { signal: AbortSignal | undefined; cleanup(): void } {
  if (!a || !b || a === b || a.aborted || b.aborted) return { signal: a?.aborted || !b ? a : b, cleanup: noop };
  const controller = new AbortController();
  const abort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  a.addEventListener("abort", abort, { once: true });
  b.addEventListener("abort", abort, { once: true });
  return {
    signal: controller.signal,
    cleanup() {
      a.removeEventListener("abort", abort);
      b.removeEventListener("abort", abort);
    },
  };
}

function noop(): void {}
