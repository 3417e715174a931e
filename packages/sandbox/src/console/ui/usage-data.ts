// The usage chart's data (pure, unit-tested): the usage report's 30 days of an account's requests,
// per UTC calendar day and per key, counted as the API counts usage_30d (credits: kept reservations; refunds and test
// keys count nothing).

const DAY_MS = 86_400_000;

/** One key's daily values. */
export interface UsageSeries {
  key_id: string;
  requests: number[];
  credits: number[];
}

/** Daily usage per key over the report's window, one bucket per UTC calendar day. */
export interface DailyUsage {
  /**
   * The UTC date each bucket covers (`2026-12-31`), oldest first: from the day of `since` to the
   * day of `until`, so the last bucket is today on the account's clock (and, like the first, a
   * partial day). A bucket is labelled by the day it covers, not by an instant 24 h before `until`.
   */
  days: string[];
  series: UsageSeries[];
}

/** The UTC midnight that starts the day of `ms`. */
const utcDayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * Buckets requests `{key_id, created_at, cost, charged}` created in `(since, until]` (the usage
 * report's window, so the chart's totals are the report's) into UTC calendar days. UTC because
 * every time in the console is shown in UTC and the sandbox clock is not the viewer's.
 */
export function dailyUsage(
  requests: ReadonlyArray<{ key_id: string; created_at: string; cost: number; charged: boolean }>,
  window: { since: string; until: string },
): DailyUsage {
  const since = Date.parse(window.since);
  const until = Date.parse(window.until);
  const first = utcDayStart(since);
  const count = Math.max(1, (utcDayStart(until) - first) / DAY_MS + 1);
  const series = new Map<string, UsageSeries>();
  for (const request of requests) {
    const at = Date.parse(request.created_at);
    if (!(at > since && at <= until)) continue;
    const index = (utcDayStart(at) - first) / DAY_MS;
    let entry = series.get(request.key_id);
    if (!entry) {
      entry = { key_id: request.key_id, requests: Array<number>(count).fill(0), credits: Array<number>(count).fill(0) };
      series.set(request.key_id, entry);
    }
    entry.requests[index] = (entry.requests[index] ?? 0) + 1;
    entry.credits[index] = (entry.credits[index] ?? 0) + (request.charged ? request.cost : 0);
  }
  return {
    days: Array.from({ length: count }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10)),
    series: [...series.values()],
  };
}

/** The largest daily total of `metric` across the stacked series (at least 1, for the scale). */
export function dailyMax(usage: DailyUsage, metric: "requests" | "credits"): number {
  let max = 1;
  for (let i = 0; i < usage.days.length; i++) {
    max = Math.max(
      max,
      usage.series.reduce((sum, entry) => sum + (entry[metric][i] ?? 0), 0),
    );
  }
  return max;
}
