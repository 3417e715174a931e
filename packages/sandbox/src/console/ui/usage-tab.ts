import type { UsageReport } from "../../control/types.js";
import type { ConsoleContext } from "./context.js";
import { h, svg } from "./dom.js";
import { formatCredits, formatTime } from "./format.js";
import { type DailyUsage, dailyMax, dailyUsage } from "./usage-data.js";

const COLORS = ["#4f46e5", "#0891b2", "#d97706", "#db2777", "#16a34a", "#7c3aed", "#dc2626", "#475569"];

/** Renders the Usage tab: the balance, each key's last 30 days, and a daily chart (inline SVG). */
export async function renderUsageTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const [report, requests] = await Promise.all([
    ctx.api.usage(ctx.account.account_id),
    ctx.api.listRequests(ctx.account.account_id),
  ]);
  const daily = dailyUsage(requests, report);
  const color = new Map(report.keys.map((key, i) => [key.key_id, COLORS[i % COLORS.length] ?? "#475569"]));
  return h(
    "section",
    { "aria-labelledby": "usage-title" },
    h("h2", { id: "usage-title" }, "Usage"),
    h(
      "div",
      { class: "stats" },
      stat("Balance", formatCredits(report.balance.credits), "usage-balance"),
      stat("Requests, 30 days", report.total.requests.toLocaleString("en-US"), "usage-requests"),
      stat("Credits spent, 30 days", formatCredits(report.total.credits_spent), "usage-credits"),
    ),
    h(
      "p",
      { class: "hint" },
      `From ${formatTime(report.since)} to ${formatTime(report.until)} on this account's sandbox clock. Refunds and test keys spend nothing.`,
    ),
    h(
      "div",
      { class: "charts" },
      chart(daily, "credits", "Credits spent per day", color),
      chart(daily, "requests", "Requests per day", color),
    ),
    keyTable(report, color),
  );
}

function stat(label: string, value: string, testId: string): HTMLElement {
  return h(
    "div",
    { class: "stat" },
    h("div", { class: "muted" }, label),
    h("div", { class: "stat-value", "data-testid": testId }, value),
  );
}

function keyTable(report: UsageReport, color: Map<string, string>): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { "data-testid": "usage-table" },
      h("caption", {}, "Per key, last 30 days"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Key", "Environment", "Status", "Requests", "Credits spent"].map((text) => h("th", { scope: "col" }, text)),
        ),
      ),
      h(
        "tbody",
        {},
        report.keys.map((key) =>
          h(
            "tr",
            { "data-key-id": key.key_id },
            h(
              "th",
              { scope: "row" },
              h("span", { class: "swatch", style: `background:${color.get(key.key_id)}`, "aria-hidden": "true" }),
              ` ${key.name}`,
            ),
            h("td", {}, key.environment),
            h("td", {}, h("span", { class: `badge badge-${key.status}` }, key.status)),
            h("td", {}, key.requests.toLocaleString("en-US")),
            h("td", {}, formatCredits(key.credits_spent)),
          ),
        ),
      ),
    ),
  );
}

/** A stacked bar chart, one bar per day, one colour per key; the SVG has a title and a text summary. */
function chart(
  daily: DailyUsage,
  metric: "requests" | "credits",
  title: string,
  color: Map<string, string>,
): HTMLElement {
  const width = 600;
  const height = 160;
  const pad = { left: 40, bottom: 22, top: 10 };
  const max = dailyMax(daily, metric);
  const slot = (width - pad.left) / daily.days.length;
  const scale = (height - pad.bottom - pad.top) / max;
  const total = daily.series.reduce((sum, entry) => sum + entry[metric].reduce((a, b) => a + b, 0), 0);
  const bars: SVGElement[] = [];
  daily.days.forEach((day, i) => {
    let y = height - pad.bottom;
    for (const entry of daily.series) {
      const value = entry[metric][i] ?? 0;
      if (value === 0) continue;
      const barHeight = value * scale;
      y -= barHeight;
      bars.push(
        svg(
          "rect",
          {
            x: pad.left + i * slot + 1,
            y,
            width: Math.max(1, slot - 2),
            height: barHeight,
            fill: color.get(entry.key_id) ?? "#475569",
          },
          svg("title", {}, `${day} (UTC): ${value} ${metric}`),
        ),
      );
    }
  });
  const axis = [
    svg("line", { x1: pad.left, y1: height - pad.bottom, x2: width, y2: height - pad.bottom, stroke: "#cbd5e1" }),
    svg("text", { x: pad.left - 6, y: pad.top + 8, "text-anchor": "end", class: "axis" }, String(max)),
    svg("text", { x: pad.left - 6, y: height - pad.bottom, "text-anchor": "end", class: "axis" }, "0"),
    svg("text", { x: pad.left, y: height - 6, class: "axis" }, daily.days[0]?.slice(5) ?? ""),
    // The last bucket is the day of the account's clock: "today", as its date says too.
    svg(
      "text",
      { x: width, y: height - 6, "text-anchor": "end", class: "axis", "data-testid": `chart-${metric}-last-day` },
      `${(daily.days.at(-1) ?? "").slice(5)} (today)`,
    ),
  ];
  const figure = svg(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${title}: ${total} over 30 days`, class: "chart" },
    svg("title", {}, title),
    ...axis,
    ...bars,
  );
  return h(
    "figure",
    { "data-testid": `chart-${metric}` },
    figure,
    h("figcaption", {}, `${title}, UTC days (total ${total.toLocaleString("en-US")})`),
  );
}
