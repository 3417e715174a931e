// Formatting shared by the tabs (pure, unit-tested).

/** `2026-12-01 14:03 UTC` from an RFC 3339 time; `—` for null. */
export function formatTime(value: string | null | undefined, seconds = false): string {
  if (value === null || value === undefined) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
}

/** `2026-12-01 14:03`: formatTime without the zone, for columns whose header says UTC. */
export function formatUtcTime(value: string | null | undefined): string {
  return formatTime(value).replace(/ UTC$/, "");
}

/** `1,234 credits`. */
export function formatCredits(value: number): string {
  return `${value.toLocaleString("en-US")} ${value === 1 ? "credit" : "credits"}`;
}

/** A chat's cost, to the 6 decimals the gateway bills in: `0.044903 credits`. */
export function formatChatCredits(value: number): string {
  return `${value.toLocaleString("en-US", { maximumFractionDigits: 6 })} ${value === 1 ? "credit" : "credits"}`;
}

/** Usage against a budget: `12 / 100 credits`, or `12 credits · unlimited`. */
export function formatBudget(used: number, limit: number | null): string {
  return limit === null
    ? `${used.toLocaleString("en-US")} credits · unlimited`
    : `${used.toLocaleString("en-US")} / ${formatCredits(limit)}`;
}

/** A duration in ms as the clock control shows it: `1 h`, `30 d`, `90 s`. */
export function formatDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "min"],
    [1_000, "s"],
  ];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}

/** The model access of a key in a few words. */
export function formatModelAccess(access: { mode: "all" | "include" | "exclude"; models: string[] }): string {
  if (access.mode === "all") return "All models";
  return `${access.mode === "include" ? "Only" : "All but"} ${access.models.join(", ")}`;
}

const INTERVAL_UNITS: Record<string, string> = { s: "s", m: "min", h: "h" };

/** A key's rate limit: `120 requests/min` for the default `1m` window, `50 requests/30 s` otherwise. */
export function formatRateLimit(limit: { requests: number; interval: string }): string {
  const match = /^(\d+)([smh])$/.exec(limit.interval);
  const requests = `${limit.requests.toLocaleString("en-US")} ${limit.requests === 1 ? "request" : "requests"}`;
  if (!match) return `${requests}/${limit.interval}`;
  const [, count, unit] = match;
  const name = INTERVAL_UNITS[unit ?? ""] ?? unit;
  return count === "1" ? `${requests}/${name}` : `${requests}/${count} ${name}`;
}
