import { inspect } from "node:util";
import { Clipia, type ClipiaOptions } from "@clipia/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, LIVE_KEY, memoryLogger, scriptedFetch } from "./helpers.js";

const SECRET_PART = LIVE_KEY.slice("clipia_live_".length, -4);

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("the key never shows", () => {
  it("in util.inspect or JSON.stringify of the client", () => {
    const clipia = new Clipia({ apiKey: LIVE_KEY });
    for (const text of [inspect(clipia, { depth: 5, showHidden: true }), JSON.stringify(clipia), String(clipia)]) {
      expect(text).not.toContain(SECRET_PART);
    }
    expect(JSON.parse(JSON.stringify(clipia))).toEqual({
      baseUrl: "https://api.clipia.ai",
      environment: "live",
      apiKey: "clipia_live_…qRsTuV".replace("qRsTuV", LIVE_KEY.slice(-4)),
    });
  });

  it("in an error whose body echoes it (a misbehaving proxy)", async () => {
    const echo = json(400, {
      error: { type: "invalid_request_error", code: "invalid_request", message: `bad header Bearer ${LIVE_KEY}` },
    });
    const clipia = new Clipia({ apiKey: LIVE_KEY, fetch: scriptedFetch(echo), logLevel: "off" });
    const error = (await clipia.account.retrieve().catch((e: unknown) => e)) as Error;
    for (const text of [error.message, String(error), error.stack ?? "", inspect(error)])
      expect(text).not.toContain(SECRET_PART);
    expect(error.message).toContain(`clipia_live_…${LIVE_KEY.slice(-4)}`);
  });

  it("in a log line, at debug, retries included", async () => {
    const { lines, logger } = memoryLogger();
    vi.spyOn(Math, "random").mockReturnValue(0);
    const reply = json(503, {
      error: { type: "api_error", code: "service_unavailable", message: `down for ${LIVE_KEY}` },
    });
    const clipia = new Clipia({ apiKey: LIVE_KEY, fetch: scriptedFetch(reply), logger, logLevel: "debug" });
    await clipia.account.retrieve().catch(() => {});
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.text).not.toContain(SECRET_PART);
  });

  it("in the default-level warn line when retries run out, when the answer echoes its secret part alone", async () => {
    const { lines, logger } = memoryLogger();
    vi.spyOn(Math, "random").mockReturnValue(0);
    const body = LIVE_KEY.slice("clipia_live_".length);
    const reply = json(503, {
      error: { type: "api_error", code: "service_unavailable", message: `token ${body} is down` },
    });
    const clipia = new Clipia({ apiKey: LIVE_KEY, fetch: scriptedFetch(reply), logger, maxRetries: 1 });
    const error = (await clipia.account.retrieve().catch((e: unknown) => e)) as Error;
    expect(lines.map((line) => line.level)).toEqual(["warn"]);
    expect(lines[0]!.text).toBe(
      `[clipia] GET /v1/account: 503 service_unavailable: token …${LIVE_KEY.slice(-4)} is down (after 2 attempts)`,
    );
    expect(error.message).not.toContain(SECRET_PART);
  });

  it("a secret part under 8 characters is masked only within the whole key, and its display form shows none of it", async () => {
    const short = "clipia_test_abc";
    const echo = json(400, {
      error: { type: "invalid_request_error", code: "invalid_request", message: `abcdef is not ${short}` },
    });
    const clipia = new Clipia({ apiKey: short, fetch: scriptedFetch(echo), logLevel: "off" });
    expect(JSON.parse(JSON.stringify(clipia)).apiKey).toBe("clipia_test_…");
    await expect(clipia.account.retrieve()).rejects.toThrow(/^400 invalid_request: abcdef is not clipia_test_…$/);
    // From 8 characters on, the part alone is masked too.
    const eight = "clipia_test_abcdefgh";
    const echo8 = json(400, {
      error: { type: "invalid_request_error", code: "invalid_request", message: `abcdefgh is not ${eight}` },
    });
    const clipia8 = new Clipia({ apiKey: eight, fetch: scriptedFetch(echo8), logLevel: "off" });
    expect(JSON.parse(JSON.stringify(clipia8)).apiKey).toBe("clipia_test_…efgh");
    await expect(clipia8.account.retrieve()).rejects.toThrow(/^400 invalid_request: …efgh is not clipia_test_…efgh$/);
  });

  it("in a config error", () => {
    for (const apiKey of [`${LIVE_KEY} `.repeat(2), `${LIVE_KEY}!`]) {
      expect(() => new Clipia({ apiKey })).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining(SECRET_PART) }),
      );
    }
  });
});

describe("logging", () => {
  const run = async (options: ClipiaOptions) => {
    const { lines, logger } = memoryLogger();
    const clipia = new Clipia({ apiKey: LIVE_KEY, fetch: scriptedFetch(json(200, {})), logger, ...options });
    await clipia.account.retrieve();
    return lines;
  };

  it("debug: one line per request and per answer", async () => {
    expect((await run({ logLevel: "debug" })).map((l) => [l.level, l.text])).toEqual([
      ["debug", "[clipia] GET /v1/account"],
      ["debug", "[clipia] GET /v1/account -> 200"],
    ]);
  });

  it("the default level, warn, is quiet on success; off is silent", async () => {
    expect(await run({})).toEqual([]);
    expect(await run({ logLevel: "off" })).toEqual([]);
  });

  it("CLIPIA_LOG sets the level; the option wins; an unknown CLIPIA_LOG is ignored", async () => {
    vi.stubEnv("CLIPIA_LOG", "debug");
    expect(await run({})).toHaveLength(2);
    expect(await run({ logLevel: "warn" })).toHaveLength(0);
    vi.stubEnv("CLIPIA_LOG", "chatty");
    expect(await run({})).toHaveLength(0);
  });

  it("writes to console by default", async () => {
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const clipia = new Clipia({ apiKey: LIVE_KEY, fetch: scriptedFetch(json(200, {})), logLevel: "debug" });
    await clipia.account.retrieve();
    expect(debug).toHaveBeenCalledWith("[clipia] GET /v1/account");
  });
});
