import { inspect } from "node:util";
import { APIConnectionError, Clipia } from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { apiError, json, LIVE_KEY, memoryLogger, scriptedFetch } from "./helpers.js";

const redacted = `clipia_live_…${LIVE_KEY.slice(-4)}`;

describe("the key never leaks", () => {
  it("from util.inspect or JSON.stringify of the client", () => {
    const clipia = new Clipia({ apiKey: LIVE_KEY });
    for (const text of [inspect(clipia, { depth: 10, showHidden: true }), JSON.stringify(clipia), inspect(clipia.generations, { depth: 10 }), String(clipia)]) {
      expect(text).not.toContain(LIVE_KEY);
      expect(text).not.toContain(LIVE_KEY.slice(12, 30));
    }
    expect(JSON.stringify(clipia)).toContain(redacted);
    expect(inspect(clipia)).toContain(redacted);
  });

  it("from an error message, even when the server echoes the key", async () => {
    const fetch = scriptedFetch(apiError(401, "invalid_api_key", { message: `The key ${LIVE_KEY} is revoked` }));
    const error = await new Clipia({ apiKey: LIVE_KEY, fetch }).account.retrieve().catch((e: unknown) => e);
    expect((error as Error).message).not.toContain(LIVE_KEY);
    expect((error as Error).message).toContain(redacted);
    expect(inspect(error)).not.toContain(LIVE_KEY);
  });

  it("from a connection error", async () => {
    const fetch = scriptedFetch(new TypeError("fetch failed"));
    const error = await new Clipia({ apiKey: LIVE_KEY, fetch, maxRetries: 0 }).account.retrieve().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(inspect(error)).not.toContain(LIVE_KEY);
  });

  it.each(["bearer", "key", "x-api-key"] as const)("from debug log lines (%s), which mask the credential header", async (authScheme) => {
    const { lines, logger } = memoryLogger();
    const fetch = scriptedFetch(apiError(500, "internal_error", {}, { "retry-after-ms": "0" }), json(200, { id: "acct_1" }));
    await new Clipia({ apiKey: LIVE_KEY, fetch, logger, logLevel: "debug", authScheme }).account.retrieve();
    expect(lines.length).toBeGreaterThan(2);
    const all = lines.map((l) => l.text).join("\n");
    expect(all).not.toContain(LIVE_KEY);
    expect(all).toContain(redacted);
    expect(all).toMatch(/retrying/);
  });
});

describe("log levels", () => {
  it.each([
    ["off", []],
    ["warn", []],
    ["info", ["info"]],
    ["debug", ["debug", "info"]],
  ] as const)("%s emits only lines at or above it", async (logLevel, levels) => {
    const { lines, logger } = memoryLogger();
    const fetch = scriptedFetch(apiError(503, "service_unavailable", {}, { "retry-after-ms": "0" }), json(200, {}));
    await new Clipia({ apiKey: LIVE_KEY, fetch, logger, logLevel }).account.retrieve();
    expect([...new Set(lines.map((l) => l.level))].sort()).toEqual([...levels]);
  });

  it("warns when retries did not help, at the default level", async () => {
    const { lines, logger } = memoryLogger();
    const fetch = scriptedFetch(apiError(503, "service_unavailable", { message: `bad ${LIVE_KEY}` }, { "retry-after-ms": "0" }));
    await new Clipia({ apiKey: LIVE_KEY, fetch, logger, maxRetries: 1 }).account.retrieve().catch(() => undefined);
    expect(lines.map((l) => l.level)).toEqual(["warn"]);
    expect(lines[0]!.text).toMatch(/after 2 attempts/);
    expect(lines[0]!.text).not.toContain(LIVE_KEY);
  });

  it("reads CLIPIA_LOG when logLevel is not given", async () => {
    const { lines, logger } = memoryLogger();
    process.env.CLIPIA_LOG = "debug";
    try {
      const fetch = scriptedFetch(json(200, {}));
      await new Clipia({ apiKey: LIVE_KEY, fetch, logger }).account.retrieve();
    } finally {
      delete process.env.CLIPIA_LOG;
    }
    expect(lines.some((l) => l.level === "debug")).toBe(true);
  });
});
