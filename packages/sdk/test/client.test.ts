import { Clipia, ClipiaConfigError, ClipiaError } from "@clipia/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, LIVE_KEY, scriptedFetch, TEST_KEY } from "./helpers.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

const account = { account_id: "acc_1", balance: { credits: 10 }, usage_30d: { requests: 0, credits_spent: 0 } };

describe("the API key", () => {
  it.each([
    ["a live key", LIVE_KEY, "live"],
    ["a test key", TEST_KEY, "test"],
    ["one character after the prefix", "clipia_test_x", "test"],
    ["128 characters of the alphabet", `clipia_live_${"aZ09_-".repeat(21)}ab`, "live"],
    ["surrounding whitespace (a key read from a file)", ` ${TEST_KEY}\n`, "test"],
  ])("accepts %s", (_name, apiKey, environment) => {
    expect(new Clipia({ apiKey }).environment).toBe(environment);
  });

  it.each([
    ["an empty key", ""],
    ["no prefix", "sk_live_abc"],
    ["an admin key (no such kind)", "clipia_admin_abc"],
    ["nothing after the prefix", "clipia_live_"],
    ["129 characters after the prefix", `clipia_live_${"a".repeat(129)}`],
    ["a character outside [A-Za-z0-9_-]", "clipia_live_abc.def"],
    ["inner whitespace", "clipia_live_abc def"],
    ["an upper-case prefix", "CLIPIA_LIVE_abc"],
  ])("rejects %s with ClipiaConfigError, without echoing it", (_name, apiKey) => {
    const error = (() => {
      try {
        new Clipia({ apiKey });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ClipiaConfigError);
    expect(error).toBeInstanceOf(ClipiaError);
    if (apiKey.length > 12) expect((error as Error).message).not.toContain(apiKey.slice(12));
  });

  it("reads CLIPIA_API_KEY, then CLIPIA_KEY (what the official clients read)", () => {
    vi.stubEnv("CLIPIA_API_KEY", "");
    vi.stubEnv("CLIPIA_KEY", LIVE_KEY);
    expect(new Clipia().environment).toBe("live");
    vi.stubEnv("CLIPIA_API_KEY", TEST_KEY);
    expect(new Clipia().environment).toBe("test");
    expect(new Clipia({ apiKey: LIVE_KEY }).environment).toBe("live");
  });

  it("without a key anywhere, names both variables", () => {
    vi.stubEnv("CLIPIA_API_KEY", "");
    vi.stubEnv("CLIPIA_KEY", "");
    expect(() => new Clipia()).toThrow(/CLIPIA_API_KEY.*CLIPIA_KEY/);
  });
});

describe("the base URL", () => {
  it.each([
    ["the default", undefined, "https://api.clipia.ai"],
    [
      "https with a path, trailing slash dropped",
      "https://proxy.example.com/clipia/",
      "https://proxy.example.com/clipia",
    ],
    ["http on 127.0.0.1", "http://127.0.0.1:4010", "http://127.0.0.1:4010"],
    ["http on another 127/8 address", "http://127.0.0.2:4010", "http://127.0.0.2:4010"],
    ["http on localhost", "http://localhost:4010/", "http://localhost:4010"],
    ["http on [::1]", "http://[::1]:4010", "http://[::1]:4010"],
  ])("accepts %s", (_name, baseUrl, expected) => {
    expect(new Clipia({ apiKey: TEST_KEY, baseUrl }).baseUrl).toBe(expected);
  });

  it.each([
    ["http on a public host", "http://api.clipia.ai"],
    ["http on a LAN address", "http://192.168.1.10:4010"],
    ["http on a host that only starts like localhost", "http://localhost.evil.example"],
    ["another scheme", "ftp://api.clipia.ai"],
    ["a relative URL", "/v1"],
  ])("rejects %s: the key must never travel in clear", (_name, baseUrl) => {
    expect(() => new Clipia({ apiKey: TEST_KEY, baseUrl })).toThrow(ClipiaConfigError);
  });

  it("reads CLIPIA_BASE_URL, and checks it the same way", () => {
    vi.stubEnv("CLIPIA_BASE_URL", "http://127.0.0.1:4010");
    expect(new Clipia({ apiKey: TEST_KEY }).baseUrl).toBe("http://127.0.0.1:4010");
    vi.stubEnv("CLIPIA_BASE_URL", "http://example.com");
    expect(() => new Clipia({ apiKey: TEST_KEY })).toThrow(ClipiaConfigError);
  });

  it("sends requests under it", async () => {
    const fetch = scriptedFetch(json(200, account));
    await new Clipia({ apiKey: TEST_KEY, baseUrl: "http://localhost:4010/", fetch }).account.retrieve();
    expect(fetch.calls[0]!.url).toBe("http://localhost:4010/v1/account");
  });
});

describe("options", () => {
  it("has the documented defaults", () => {
    const clipia = new Clipia({ apiKey: TEST_KEY });
    expect([clipia.authScheme, clipia.timeout, clipia.maxRetries]).toEqual(["bearer", 60_000, 2]);
  });

  it.each([
    ["bearer", "authorization", `Bearer ${TEST_KEY}`],
    ["key", "authorization", `Key ${TEST_KEY}`],
    ["x-api-key", "x-api-key", TEST_KEY],
  ] as const)("authScheme %s sends %s", async (authScheme, header, value) => {
    const fetch = scriptedFetch(json(200, account));
    await new Clipia({ apiKey: TEST_KEY, authScheme, fetch }).account.retrieve();
    const headers = fetch.calls[0]!.headers;
    expect(headers.get(header)).toBe(value);
    expect(headers.has(header === "x-api-key" ? "authorization" : "x-api-key")).toBe(false);
  });

  it.each([
    ["an unknown authScheme", { authScheme: "basic" }],
    ["an unknown logLevel", { logLevel: "loud" }],
  ])("rejects %s", (_name, options) => {
    expect(() => new Clipia({ apiKey: TEST_KEY, ...(options as object) })).toThrow(ClipiaConfigError);
  });

  it("sends defaultHeaders on every call; a call's headers override them, the credential wins over both", async () => {
    const fetch = scriptedFetch(json(200, account));
    const clipia = new Clipia({
      apiKey: TEST_KEY,
      fetch,
      defaultHeaders: { "X-Team": "video", "X-Trace": "a", Authorization: "Bearer other" },
    });
    await clipia.account.retrieve({ headers: { "x-trace": "b" } });
    const headers = fetch.calls[0]!.headers;
    expect([headers.get("x-team"), headers.get("x-trace"), headers.get("authorization")]).toEqual([
      "video",
      "b",
      `Bearer ${TEST_KEY}`,
    ]);
    expect(headers.get("accept")).toBe("application/json");
  });

  it("looks up the global fetch at call time when none is given, and calls it as fetch(url, init)", async () => {
    const clipia = new Clipia({ apiKey: TEST_KEY });
    const fetch = scriptedFetch(json(200, account));
    vi.stubGlobal("fetch", (input: string, init: RequestInit) => {
      expect(typeof input).toBe("string");
      expect(init.signal).toBeInstanceOf(AbortSignal);
      return fetch(new Request(input, init));
    });
    await expect(clipia.account.retrieve()).resolves.toEqual(account);
    expect(fetch.calls).toHaveLength(1);
  });
});

describe("the browser guard", () => {
  it("refuses to run in a browser unless dangerouslyAllowBrowser is set", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(() => new Clipia({ apiKey: TEST_KEY })).toThrow(ClipiaConfigError);
    expect(() => new Clipia({ apiKey: TEST_KEY })).toThrow(/dangerouslyAllowBrowser/);
    expect(new Clipia({ apiKey: TEST_KEY, dangerouslyAllowBrowser: true }).environment).toBe("test");
  });
});
