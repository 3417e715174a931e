import { Clipia, ClipiaConfigError, VERSION } from "@clipia/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN_KEY, json, LIVE_KEY, scriptedFetch, TEST_KEY } from "./helpers.js";

const accountBody = { id: "acct_1", object: "account" };

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("construction", () => {
  it.each([
    [LIVE_KEY, "live"],
    [TEST_KEY, "test"],
    [ADMIN_KEY, "admin"],
  ] as const)("derives the environment of %s from its prefix", (apiKey, environment) => {
    expect(new Clipia({ apiKey }).environment).toBe(environment);
  });

  it("applies the documented defaults", () => {
    vi.stubEnv("CLIPIA_BASE_URL", "");
    const clipia = new Clipia({ apiKey: TEST_KEY });
    expect(clipia.baseUrl).toBe("https://api.clipia.ai");
    expect(clipia.authScheme).toBe("bearer");
    expect(clipia.timeout).toBe(60_000);
    expect(clipia.maxRetries).toBe(2);
  });

  it("reads CLIPIA_API_KEY and CLIPIA_BASE_URL", () => {
    vi.stubEnv("CLIPIA_API_KEY", LIVE_KEY);
    vi.stubEnv("CLIPIA_BASE_URL", "http://127.0.0.1:4010/");
    const clipia = new Clipia();
    expect(clipia.environment).toBe("live");
    expect(clipia.baseUrl).toBe("http://127.0.0.1:4010");
  });

  it("prefers options over the environment", () => {
    vi.stubEnv("CLIPIA_API_KEY", LIVE_KEY);
    vi.stubEnv("CLIPIA_BASE_URL", "http://127.0.0.1:4010");
    const clipia = new Clipia({ apiKey: TEST_KEY, baseUrl: "http://localhost:9" });
    expect(clipia.environment).toBe("test");
    expect(clipia.baseUrl).toBe("http://localhost:9");
  });

  it("reads Deno.env when there is no process.env", () => {
    const env = { CLIPIA_API_KEY: ADMIN_KEY } as Record<string, string>;
    vi.stubGlobal("process", undefined);
    vi.stubGlobal("Deno", { env: { get: (name: string) => env[name] } });
    expect(new Clipia().environment).toBe("admin");
  });

  it("survives a Deno.env that throws (no --allow-env)", () => {
    vi.stubGlobal("process", undefined);
    vi.stubGlobal("Deno", {
      env: {
        get() {
          throw new Error("PermissionDenied");
        },
      },
    });
    expect(() => new Clipia()).toThrow(ClipiaConfigError);
  });

  it("throws ClipiaConfigError for a missing key", () => {
    vi.stubEnv("CLIPIA_API_KEY", "");
    expect(() => new Clipia()).toThrow(ClipiaConfigError);
    expect(() => new Clipia()).toThrow(/CLIPIA_API_KEY/);
  });

  it.each(["sk_live_abcdefghijklmnop", "clipia_prod_abcdef", "CLIPIA_LIVE_abcdef", "clipia-live-abc"])(
    "rejects %s without echoing it",
    (apiKey) => {
      const fetch = scriptedFetch(json(200, {}));
      let error: unknown;
      try {
        new Clipia({ apiKey, fetch });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ClipiaConfigError);
      expect((error as Error).message).not.toContain(apiKey.trim());
      expect(fetch.calls).toHaveLength(0);
    },
  );

  it("trims whitespace around a key given as an option, as around CLIPIA_API_KEY", async () => {
    const fetch = scriptedFetch(json(200, accountBody));
    await new Clipia({ apiKey: `  ${LIVE_KEY}\n`, fetch }).account.retrieve();
    expect(fetch.calls[0]!.headers.get("authorization")).toBe(`Bearer ${LIVE_KEY}`);
  });

  it.each([
    ["a line break", `${LIVE_KEY.slice(0, 20)}\n${LIVE_KEY.slice(20)}`],
    ["a NUL", `${LIVE_KEY.slice(0, 20)}\u0000${LIVE_KEY.slice(20)}`],
    ["a space", `${LIVE_KEY.slice(0, 20)} ${LIVE_KEY.slice(20)}`],
    ["a non-ASCII character", `${LIVE_KEY.slice(0, 20)}é${LIVE_KEY.slice(20)}`],
  ])("rejects a key with %s at construction, never echoing it (not even in a cause)", (_name, apiKey) => {
    const fetch = scriptedFetch(json(200, accountBody));
    let error: unknown;
    try {
      new Clipia({ apiKey, fetch });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ClipiaConfigError);
    const chain = [error, (error as Error).cause].map((e) => (e instanceof Error ? `${e.message} ${e.stack}` : String(e)));
    for (const text of chain) {
      expect(text).not.toContain(LIVE_KEY.slice(0, 20));
      expect(text).not.toContain(LIVE_KEY.slice(20));
    }
    expect(fetch.calls).toHaveLength(0);
  });

  it.each([
    [{ timeout: -1 }],
    [{ maxRetries: -1 }],
    [{ baseUrl: "not a url" }],
    [{ authScheme: "basic" }],
    [{ logLevel: "verbose" }],
  ])("rejects invalid option %j", (extra) => {
    expect(() => new Clipia({ apiKey: TEST_KEY, ...(extra as object) })).toThrow(ClipiaConfigError);
  });
});

describe("auth schemes", () => {
  it.each([
    ["bearer", "authorization", `Bearer ${TEST_KEY}`, "x-api-key"],
    ["key", "authorization", `Key ${TEST_KEY}`, "x-api-key"],
    ["x-api-key", "x-api-key", TEST_KEY, "authorization"],
  ] as const)("%s sends %s exactly", async (authScheme, header, value, absent) => {
    const fetch = scriptedFetch(json(200, accountBody));
    const clipia = new Clipia({ apiKey: TEST_KEY, authScheme, fetch, baseUrl: "http://sdk.test" });
    await clipia.account.retrieve();
    const sent = fetch.calls[0]!;
    expect(sent.headers.get(header)).toBe(value);
    expect(sent.headers.has(absent)).toBe(false);
    expect(sent.url).toBe("http://sdk.test/v1/account");
    expect(sent.headers.get("x-clipia-client")).toBe(`clipia-sdk-js/${VERSION}`);
  });

  it("adds per-call headers and lets none of them replace the credential", async () => {
    const fetch = scriptedFetch(json(200, accountBody));
    const clipia = new Clipia({ apiKey: TEST_KEY, fetch });
    await clipia.account.retrieve({ headers: { "X-Trace": "abc", Authorization: "Bearer other" } });
    expect(fetch.calls[0]!.headers.get("x-trace")).toBe("abc");
    expect(fetch.calls[0]!.headers.get("authorization")).toBe(`Bearer ${TEST_KEY}`);
  });

  it("looks up globalThis.fetch at call time (so MSW can patch it later)", async () => {
    const clipia = new Clipia({ apiKey: TEST_KEY });
    // The global fetch is called as fetch(url, init), so it builds the call's only Request.
    const seen: Request[] = [];
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return json(200, accountBody);
    });
    await clipia.account.retrieve();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.get("authorization")).toBe(`Bearer ${TEST_KEY}`);
  });
});

describe("wire objects", () => {
  it("attach the request id non-enumerably, so JSON stays the wire object", async () => {
    const fetch = scriptedFetch(json(200, accountBody, { "x-request-id": "req_abc" }));
    const account = await new Clipia({ apiKey: TEST_KEY, fetch }).account.retrieve();
    expect(account._request_id).toBe("req_abc");
    expect(JSON.parse(JSON.stringify(account))).toEqual(accountBody);
    expect(Object.keys(account)).not.toContain("_request_id");
  });
});

describe("browser guard", () => {
  it("throws in a browser unless dangerouslyAllowBrowser", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(() => new Clipia({ apiKey: TEST_KEY })).toThrow(ClipiaConfigError);
    expect(() => new Clipia({ apiKey: TEST_KEY })).toThrow(/dangerouslyAllowBrowser/);
    expect(new Clipia({ apiKey: TEST_KEY, dangerouslyAllowBrowser: true }).environment).toBe("test");
  });

  it("does not mistake a worker-like global (window without document) for a browser", () => {
    vi.stubGlobal("window", {});
    expect(() => new Clipia({ apiKey: TEST_KEY })).not.toThrow();
  });
});
