// The usage chart's data (pure, unit-tested): the last 30 days of an account's requests, per day
// and per key, counted as the API counts usage_30d (credits: kept reservations; refunds and test
// keys count nothing).

const DAY_MS = 86_400_000;

/** One key's daily values. */
export interface UsageSeries {
  key_id: string;
  requests: number[];
  credits: number[];
}

/** Daily usage per key over `days` days ending at `until` (the account's clock). */
export interface DailyUsage {
  /** The first instant of each day bucket, oldest first (RFC 3339). */
  days: string[];
  series: UsageSeries[];
}

/** Buckets requests `{key_id, created_at, cost, charged}` into the `days` days before `until`. */
export function dailyUsage(
  requests: ReadonlyArray<{ key_id: string; created_at: string; cost: number; charged: boolean }>,
  until: string,
  days = 30,
): DailyUsage {
  const end = Date.parse(until);
  const start = end - days * DAY_MS;
  const series = new Map<string, UsageSeries>();
  for (const request of requests) {
    const at = Date.parse(request.created_at);
    if (!(at > start && at <= end)) continue;
    const index = Math.min(days - 1, Math.floor((at - start) / DAY_MS));
    let entry = series.get(request.key_id);
    if (!entry) {
      entry = { key_id: request.key_id, requests: Array<number>(days).fill(0), credits: Array<number>(days).fill(0) };
      series.set(request.key_id, entry);
    }
    entry.requests[index] = (entry.requests[index] ?? 0) + 1;
    entry.credits[index] = (entry.credits[index] ?? 0) + (request.charged ? request.cost : 0);
  }
  return {
    days: Array.from({ length: days }, (_, i) => new Date(start + i * DAY_MS).toISOString()),
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
