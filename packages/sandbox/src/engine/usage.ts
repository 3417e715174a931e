import { roundCredits } from "./credit-amount.js";
import type { UsageWindow } from "./record-store.js";
import type { StoredChat, StoredRequest } from "./records.js";
import type { Store } from "./store.js";

/** 30 days of sandbox clock. */
export const USAGE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** Credits a record cost its account: the charge, unless refunded or never charged (test keys). */
function spentOn(record: StoredRequest | StoredChat): number {
  return record.charged ? record.cost : 0;
}

/**
 * Slides one window of a key over its records (oldest first) to `cutoff`. Kept per key (the first
 * record inside it, and the credits from there on), so a read costs what the window moved since
 * the last one, not the key's whole history.
 */
function slide<T extends StoredRequest | StoredChat>(
  windows: Map<string, UsageWindow>,
  keyId: string,
  own: readonly T[],
  cutoff: number,
): { requests: number; credits: number } {
  let window = windows.get(keyId);
  // The clock of an account can go back (its reset): start over rather than un-slide.
  if (!window || cutoff < window.cutoff) {
    window = { start: 0, cutoff: Number.NEGATIVE_INFINITY, credits: 0 };
    for (const record of own) window.credits = roundCredits(window.credits + spentOn(record));
    windows.set(keyId, window);
  }
  while (window.start < own.length && (own[window.start] as T).created_at <= cutoff) {
    window.credits = roundCredits(window.credits - spentOn(own[window.start] as T));
    window.start += 1;
  }
  window.cutoff = cutoff;
  return { requests: own.length - window.start, credits: window.credits };
}

/**
 * A key's use over the 30 days before `now`: its generation requests and chat completions (SPEC
 * v3 §2.2: usage includes chat), and the credits they kept, rounded to 6 decimals.
 */
export function keyUsage(store: Store, keyId: string, now: number): { requests: number; credits_spent: number } {
  const cutoff = now - USAGE_WINDOW_MS;
  const generations = slide(store.usageWindows, keyId, store.requestsByKey.get(keyId) ?? [], cutoff);
  const chats = slide(store.chatUsageWindows, keyId, store.chatsByKey.get(keyId) ?? [], cutoff);
  return {
    requests: generations.requests + chats.requests,
    credits_spent: roundCredits(generations.credits + chats.credits),
  };
}
