import type { StoredRequest } from "./records.js";
import type { Store } from "./store.js";

/** 30 days of sandbox clock. */
export const USAGE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** Credits a request cost its account: the reservation, unless refunded or never charged (test keys). */
function spentOn(request: StoredRequest): number {
  return request.charged ? request.cost : 0;
}

/**
 * A key's use over the 30 days before `now`: its requests, and the credits they kept. Kept as a
 * sliding window per key (the first request inside it, and the credits from there on), so a read
 * costs what the window moved since the last one, not the key's whole history.
 */
export function keyUsage(store: Store, keyId: string, now: number): { requests: number; credits_spent: number } {
  const own = store.requestsByKey.get(keyId) ?? [];
  const cutoff = now - USAGE_WINDOW_MS;
  let window = store.usageWindows.get(keyId);
  // The clock of an account can go back (its reset): start over rather than un-slide.
  if (!window || cutoff < window.cutoff) {
    window = { start: 0, cutoff: Number.NEGATIVE_INFINITY, credits: 0 };
    for (const request of own) window.credits += spentOn(request);
    store.usageWindows.set(keyId, window);
  }
  while (window.start < own.length && (own[window.start] as StoredRequest).created_at <= cutoff) {
    window.credits -= spentOn(own[window.start] as StoredRequest);
    window.start += 1;
  }
  window.cutoff = cutoff;
  return { requests: own.length - window.start, credits_spent: window.credits };
}
