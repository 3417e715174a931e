import { describe, expect, it } from "vitest";
import {
  formatBudget,
  formatChatCredits,
  formatDuration,
  formatModelAccess,
  formatRateLimit,
  formatTime,
  formatUtcTime,
} from "../../src/console/ui/format.js";
import { checkIpList } from "../../src/console/ui/ip-list.js";
import { settingsChanges } from "../../src/console/ui/settings-changes.js";
import { dailyMax, dailyUsage } from "../../src/console/ui/usage-data.js";

// The console's pure helpers (the DOM parts are covered by scripts/browser/console.mjs).

describe("checkIpList (the allow-list field, with the sandbox's own parser)", () => {
  it.each([
    ["", [], [], null],
    ["10.0.0.0/8", ["10.0.0.0/8"], [], /refuse every IPv6 client/],
    ["10.0.0.1, 192.168.0.0/16", ["10.0.0.1", "192.168.0.0/16"], [], /IPv4-mapped/],
    ["::ffff:10.0.0.1", ["::ffff:10.0.0.1"], [], /refuse every IPv6 client/],
    ["2001:db8::/32", ["2001:db8::/32"], [], /refuse every IPv4 client/],
    ["10.0.0.0/8\n2001:db8::/32", ["10.0.0.0/8", "2001:db8::/32"], [], null],
    [
      "10.0.0.0/33 300.1.1.1 example.com 10.0.0.1",
      ["10.0.0.0/33", "300.1.1.1", "example.com", "10.0.0.1"],
      ["10.0.0.0/33", "300.1.1.1", "example.com"],
      /IPv6/,
    ],
    ["::1/129", ["::1/129"], ["::1/129"], null],
  ] as const)("%j", (text, entries, invalid, warning) => {
    const check = checkIpList(text);
    expect(check.entries).toEqual(entries);
    expect(check.invalid).toEqual(invalid);
    if (warning === null) expect(check.warning).toBeNull();
    else expect(check.warning).toMatch(warning);
  });
});

describe("settingsChanges (the Settings tab's PATCH body)", () => {
  const account = { subscription: "active" as const, strict_inputs: false, balance: { credits: 1000 } };
  it.each([
    ["an untouched form changes nothing", { subscription: "active", strict_inputs: false, balance: "1000" }, {}],
    ["the plan only", { subscription: "none", strict_inputs: false, balance: "1000" }, { subscription: "none" }],
    [
      "every setting",
      { subscription: "none", strict_inputs: true, balance: " 0 " },
      { subscription: "none", strict_inputs: true, balance_credits: 0 },
    ],
  ])("%s", (_name, values, changes) => {
    expect(settingsChanges(account, values)).toEqual({ changes });
  });

  it("keeps an untouched fractional balance (chat bills per token): the plan still saves", () => {
    const charged = { ...account, balance: { credits: 999.955097 } };
    expect(settingsChanges(charged, { subscription: "none", strict_inputs: false, balance: "999.955097" })).toEqual({
      changes: { subscription: "none" },
    });
    expect(settingsChanges(charged, { subscription: "none", strict_inputs: false, balance: "999.5" })).toEqual({
      error: expect.stringMatching(/whole number/),
    });
  });

  it.each(["-3", "1.5", "", "lots", "1e3", "99999999999999999999"])("refuses the balance %j", (balance) => {
    const result = settingsChanges(account, { subscription: "none", strict_inputs: false, balance });
    expect(result).toEqual({ error: expect.stringMatching(/whole number/) });
  });
});

describe("dailyUsage (the usage chart's data)", () => {
  // The usage report's window: 30 days before the account's clock, which reads noon of Dec 31.
  const window = { since: "2026-12-01T12:00:00.000Z", until: "2026-12-31T12:00:00.000Z" };
  const requests = [
    { key_id: "a", created_at: "2026-12-31T11:00:00.000Z", cost: 4, charged: true },
    { key_id: "a", created_at: "2026-12-31T00:00:00.000Z", cost: 4, charged: false },
    { key_id: "b", created_at: "2026-12-30T13:00:00.000Z", cost: 9, charged: true },
    { key_id: "b", created_at: "2026-12-01T12:00:00.000Z", cost: 9, charged: true },
    { key_id: "a", created_at: "2026-12-01T12:00:01.000Z", cost: 1, charged: true },
    { key_id: "a", created_at: "2026-12-31T12:00:00.001Z", cost: 1, charged: true },
  ];

  it("buckets per UTC day and per key, counting credits only when charged, outside the window nothing", () => {
    const usage = dailyUsage(requests, window);
    // Dec 1 to Dec 31: the first and the last day partial.
    expect(usage.days).toHaveLength(31);
    expect(usage.days[0]).toBe("2026-12-01");
    const a = usage.series.find((s) => s.key_id === "a")!;
    const b = usage.series.find((s) => s.key_id === "b")!;
    expect(a.requests[30]).toBe(2);
    expect(a.credits[30]).toBe(4);
    expect(a.requests[0]).toBe(1);
    expect(b.requests[29]).toBe(1);
    expect(b.requests.reduce((x, y) => x + y)).toBe(1);
    expect(dailyMax(usage, "credits")).toBe(9);
    expect(dailyMax(usage, "requests")).toBe(2);
  });

  it("labels each bucket by the UTC day it covers: today's requests are under today's date", () => {
    const usage = dailyUsage(requests, window);
    expect(usage.days.at(-1)).toBe("2026-12-31");
    const a = usage.series.find((s) => s.key_id === "a")!;
    // Both of a's requests of Dec 31 (one at 00:00, one at 11:00) are in the bucket labelled Dec 31;
    // Dec 30's bucket holds b's 13:00 request only.
    expect(a.requests[usage.days.indexOf("2026-12-31")]).toBe(2);
    expect(a.requests[usage.days.indexOf("2026-12-30")]).toBe(0);
    expect(usage.series.find((s) => s.key_id === "b")!.requests[usage.days.indexOf("2026-12-30")]).toBe(1);
  });

  it("a request just after midnight UTC is that day's, one just before is the day before's", () => {
    const late = { since: "2026-12-01T00:30:00.000Z", until: "2026-12-31T00:30:00.000Z" };
    const usage = dailyUsage(
      [
        { key_id: "a", created_at: "2026-12-31T00:10:00.000Z", cost: 1, charged: true },
        { key_id: "a", created_at: "2026-12-30T23:50:00.000Z", cost: 1, charged: true },
      ],
      late,
    );
    expect(usage.days.at(-1)).toBe("2026-12-31");
    const a = usage.series[0]!;
    expect(a.requests.at(-1)).toBe(1);
    expect(a.requests.at(-2)).toBe(1);
  });

  it("the chart's totals are the report's: every request of (since, until] is in a bucket", () => {
    const usage = dailyUsage(requests, window);
    const total = usage.series.reduce((sum, s) => sum + s.requests.reduce((x, y) => x + y), 0);
    expect(total).toBe(4);
  });

  it("an empty account still scales to 1", () => {
    expect(dailyMax(dailyUsage([], window), "requests")).toBe(1);
  });
});

describe("formatting", () => {
  it.each([
    [formatTime("2026-12-01T14:03:09.123Z"), "2026-12-01 14:03 UTC"],
    [formatTime("2026-12-01T14:03:09.123Z", true), "2026-12-01 14:03:09 UTC"],
    [formatTime(null), "—"],
    [formatBudget(12, 100), "12 / 100 credits"],
    [formatBudget(1234, null), "1,234 credits · unlimited"],
    [formatChatCredits(0.044903), "0.044903 credits"],
    [formatChatCredits(1234.5), "1,234.5 credits"],
    [formatChatCredits(1), "1 credit"],
    [formatDuration(86_400_000), "1 d"],
    [formatDuration(600_000), "10 min"],
    [formatModelAccess({ mode: "all", models: [] }), "All models"],
    [formatModelAccess({ mode: "include", models: ["flux-2-pro"] }), "Only flux-2-pro"],
    [formatModelAccess({ mode: "exclude", models: ["sora-2", "kling-3"] }), "All but sora-2, kling-3"],
    [formatUtcTime("2026-12-01T14:03:09.123Z"), "2026-12-01 14:03"],
    [formatRateLimit({ requests: 6000, interval: "1m" }), "6,000 requests/min"],
    [formatRateLimit({ requests: 1, interval: "1s" }), "1 request/s"],
    [formatRateLimit({ requests: 50, interval: "30s" }), "50 requests/30 s"],
    [formatRateLimit({ requests: 1000, interval: "2h" }), "1,000 requests/2 h"],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
