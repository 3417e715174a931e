// The SDK against servers (and fetches) that misbehave on purpose: real node:http servers on
// 127.0.0.1:0 that redirect, send gzip bombs and endless bodies, ask for absurd Retry-After delays
// and echo the key; and injected fetches whose errors quote it.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { gzipSync } from "node:zlib";
import {
  APIConnectionError,
  type APIError,
  APITimeoutError,
  type AuthScheme,
  Clipia,
  type ClipiaOptions,
  ClipiaError,
  type Fetch,
  RateLimitError,
} from "@clipia/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { LIVE_KEY, REQUEST_ID, statusOf } from "./helpers.js";

const SECRET = LIVE_KEY.slice("clipia_live_".length, -4);
/** `text` with every character percent-encoded (`A` → `%41`), as a server may echo a key in a URL. */
const percentEncoded = (text: string) => [...text].map((char) => `%${char.charCodeAt(0).toString(16)}`).join("");
const account = { account_id: "acc_1", balance: { credits: 10 }, usage_30d: { requests: 0, credits_spent: 0 } };

interface Server {
  url: string;
  /** Every request it received: method, path and the raw headers (as text, to search for the key). */
  seen: Array<{ method: string; path: string; headers: string }>;
  /** Resolves when the n-th response's connection closed (the client hung up or it ended). */
  closed: Array<Promise<unknown>>;
}

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const seen: Server["seen"] = [];
  const closed: Server["closed"] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method!, path: req.url!, headers: req.rawHeaders.join("\n") });
    closed.push(once(res, "close"));
    handler(req, res);
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, closed };
}

const client = (baseUrl: string, options: ClipiaOptions = {}) =>
  new Clipia({ apiKey: LIVE_KEY, baseUrl, logLevel: "off", ...options });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("resolved"),
    (e: unknown) => e as ClipiaError,
  );
/** Everything an error shows: message, stack, fields, causes (util.inspect walks them all). */
const everything = (error: unknown) => inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true });
/** A fetch that ignores the Request's signal and redirect mode (some wrappers do). */
const careless: Fetch = (request) => fetch(request.url, { method: request.method, headers: request.headers });

describe("redirects are refused, never followed", () => {
  it.each<[number, AuthScheme, string]>([
    [307, "x-api-key", "fetch"],
    [308, "bearer", "fetch"],
    [301, "key", "fetch"],
    [302, "x-api-key", "an injected fetch that honours redirect"],
    [303, "x-api-key", "an injected fetch that answers the 3xx as is"],
  ])("%i (%s, %s): APIConnectionError, the other origin sees nothing", async (status, authScheme, via) => {
    const elsewhere = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(account)),
    );
    const api = await serve((_req, res) => res.writeHead(status, { location: `${elsewhere.url}/v1/account` }).end());
    const fetches: Record<string, Fetch | undefined> = {
      fetch: undefined,
      "an injected fetch that honours redirect": (request) => fetch(request),
      "an injected fetch that answers the 3xx as is": async () =>
        new Response(null, { status, headers: { location: `${elsewhere.url}/v1/account` } }),
    };
    const error = await failure(client(api.url, { authScheme, fetch: fetches[via] }).account.retrieve());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toBe(`GET /v1/account: ${status} redirect refused.`);
    expect(elsewhere.seen).toEqual([]);
    // Not retried: it would end the same way.
    expect(api.seen).toHaveLength(via.includes("as is") ? 0 : 1);
  });

  it("an answer reached through a redirect the injected fetch followed is not trusted", async () => {
    const elsewhere = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(account)),
    );
    const api = await serve((_req, res) => res.writeHead(307, { location: `${elsewhere.url}/v1/account` }).end());
    const error = await failure(client(api.url, { fetch: careless }).account.retrieve());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain("redirect refused");
  });
});

describe("response size: capped while the body streams in", () => {
  // 1024 gzip members of 1 MiB of zeros each: ~1 MiB on the wire, 1 GiB once decoded.
  const member = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
  const bomb = Buffer.concat(Array.from({ length: 1024 }, () => member));

  it.each([200, 503])("a gzip bomb (%i) fails fast with the 32 MiB default; memory stays bounded", async (status) => {
    const api = await serve((_req, res) =>
      res.writeHead(status, { "content-type": "application/json", "content-encoding": "gzip" }).end(bomb),
    );
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const started = Date.now();
    const error = await failure(client(api.url).account.retrieve());
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toBe("GET /v1/account: response over maxResponseBytes.");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(peak - before).toBeLessThan(200 * 2 ** 20);
    expect(api.seen).toHaveLength(1); // not retried
  });

  it("an endless body: the cap (maxResponseBytes) stops it and the connection is dropped", async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const api = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).on("error", () => {});
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on("drain", pump);
      pump();
    });
    for (const fetch of [undefined, careless]) {
      const error = await failure(client(api.url, { fetch, maxResponseBytes: 2 ** 20 }).account.retrieve());
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(error.message).toBe("GET /v1/account: response over maxResponseBytes.");
      await expect(
        Promise.race([api.closed.at(-1), new Promise((resolve) => setTimeout(resolve, 2_000, "still open"))]),
      ).resolves.not.toBe("still open");
    }
  });

  it("maxResponseBytes is exact: a body of that size passes, one byte less fails, with or without middleware", async () => {
    // Without middleware the SDK reads the body itself (readCappedText); with it, openapi-fetch reads the capped stream (capBody).
    const body = JSON.stringify(account);
    const api = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
    for (const middleware of [false, true]) {
      const exact = client(api.url, { maxResponseBytes: body.length });
      const under = client(api.url, { maxResponseBytes: body.length - 1 });
      if (middleware) for (const clipia of [exact, under]) clipia.raw.use({ onRequest: ({ request }) => request });
      await expect(exact.account.retrieve()).resolves.toEqual(account);
      await expect(under.account.retrieve()).rejects.toThrow("response over maxResponseBytes");
    }
  });
});

describe("the call's timeout bounds reading the body", () => {
  it("a body trickling forever: APITimeoutError on time, and the connection is dropped even by a fetch that ignores its signal", async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).write("{");
      const timer = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(timer));
    });
    for (const fetch of [careless, undefined]) {
      const started = Date.now();
      const error = await failure(client(api.url, { fetch, timeout: 300 }).account.retrieve());
      expect(error).toBeInstanceOf(APITimeoutError);
      expect(Date.now() - started).toBeLessThan(2_000);
      await expect(
        Promise.race([api.closed.at(-1), new Promise((resolve) => setTimeout(resolve, 1_000, "still open"))]),
      ).resolves.not.toBe("still open");
    }
  });

  it("a server that never answers: APITimeoutError on time, the connection dropped, with or without middleware", async () => {
    // The global fetch is trusted to settle when the call's signal aborts (no race of its own):
    // this holds the SDK to it, and to the race once middleware runs in the attempt.
    const api = await serve(() => {});
    for (const middleware of [false, true]) {
      const clipia = client(api.url, { timeout: 200 });
      if (middleware) clipia.raw.use({ onRequest: ({ request }) => request });
      const started = Date.now();
      const error = await failure(clipia.account.retrieve());
      expect(error).toBeInstanceOf(APITimeoutError);
      expect(error.message).toBe("GET /v1/account timed out after 200 ms.");
      expect(Date.now() - started).toBeLessThan(2_000);
      await expect(
        Promise.race([api.closed.at(-1), new Promise((resolve) => setTimeout(resolve, 1_000, "still open"))]),
      ).resolves.not.toBe("still open");
    }
  });

  it("timeouts: over 2³¹−1 ms or Infinity mean no limit (a poll interval too); 0, negative or NaN have passed: nothing is sent", async () => {
    const api = await serve((req, res) => {
      const body = req.url!.endsWith("/status") ? statusOf("IN_PROGRESS", null, 10) : account;
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)), 30);
    });
    for (const timeout of [2 ** 31, 2 ** 40, Number.POSITIVE_INFINITY]) {
      await expect(client(api.url, { timeout }).account.retrieve()).resolves.toEqual(account);
    }
    // A poll interval setTimeout cannot hold must not turn into a poll every millisecond.
    const controller = new AbortController();
    const wait = client(api.url).queue.wait(REQUEST_ID, { pollInterval: 2 ** 32, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await wait.catch(() => {});
    expect(api.seen.filter((r) => r.path.endsWith("/status"))).toHaveLength(1);

    const before = api.seen.length;
    for (const timeout of [0, -1, Number.NaN]) {
      await expect(client(api.url, { timeout }).account.retrieve()).rejects.toBeInstanceOf(APITimeoutError);
      await expect(client(api.url).account.retrieve({ timeout })).rejects.toThrow(
        `GET /v1/account timed out after ${timeout} ms.`,
      );
      await expect(client(api.url).queue.wait(REQUEST_ID, { timeout })).rejects.toBeInstanceOf(APITimeoutError);
    }
    expect(api.seen).toHaveLength(before);
  });
});

describe("Retry-After from a hostile server", () => {
  it("retryAfter is what the server asked (null when unusable); the SDK waits 0–60 s at most, neither parked nor spinning", async () => {
    // [headers, retryAfter, whether the SDK waits what was asked (else: its backoff, under 0.5 s)]
    const cases: Array<[Record<string, string>, number | null, boolean]> = [
      [{ "retry-after": "1000000000" }, 1_000_000_000, false],
      [{ "retry-after": "-5" }, null, false],
      [{ "retry-after": "garbage" }, null, false],
      [{ "retry-after": "Infinity" }, null, false],
      [{ "retry-after": "1e400" }, null, false],
      [{ "retry-after-ms": "1000000000000" }, 1_000_000_000, false],
      [{ "retry-after-ms": "-5" }, null, false],
      [{ "retry-after": "Thu, 01 Jan 1970 00:00:00 GMT" }, null, false],
      [{ "retry-after": "60" }, 60, true],
      [{ "retry-after": "61" }, 61, false],
      [{ "retry-after": "120" }, 120, false],
      [{ "retry-after": new Date(Date.now() + 300_000).toUTCString() }, 300, false],
      [{ "retry-after-ms": "90500" }, 91, false],
      [{ "retry-after": "0.2" }, 1, true],
    ];
    for (const [headers, retryAfter, honoured] of cases) {
      const envelope = { error: { type: "rate_limit_error", code: "rate_limit_exceeded", message: "slow down" } };
      const api = await serve((_req, res) =>
        res.writeHead(429, { "content-type": "application/json", ...headers }).end(JSON.stringify(envelope)),
      );
      const error = (await failure(client(api.url, { maxRetries: 0 }).account.retrieve())) as RateLimitError;
      expect(error, JSON.stringify(headers)).toBeInstanceOf(RateLimitError);
      // A future HTTP date counts down while the earlier cases run: a few seconds less, never more.
      if (headers["retry-after"]?.includes("GMT") && retryAfter)
        expect(error.retryAfter).toSatisfy((s: number) => s <= retryAfter && s > retryAfter - 20);
      else expect(error.retryAfter, JSON.stringify(headers)).toBe(retryAfter);
      if (honoured && retryAfter! > 1) continue;
      // One retry: it comes from the backoff (under 0.5 s) or the honoured delay, not never, not in a loop.
      const started = Date.now();
      await failure(client(api.url, { maxRetries: 1 }).account.retrieve());
      expect(Date.now() - started, JSON.stringify(headers)).toBeLessThan(2_000);
      expect(api.seen, JSON.stringify(headers)).toHaveLength(3);
    }
  });
});

describe("the key never shows", () => {
  it("in an error whose body and headers echo it", async () => {
    const api = await serve((req, res) => {
      const sent = req.headers["x-api-key"] as string;
      const body = { error: { type: `type ${sent}`, code: sent, message: `bad key ${sent}` } };
      res.writeHead(401, {
        "content-type": "application/json",
        "x-echo": sent,
        "www-authenticate": `Key realm="clipia", key="${sent}"`,
      });
      res.end(JSON.stringify(body));
    });
    const error = (await failure(client(api.url, { authScheme: "x-api-key" }).account.retrieve())) as APIError;
    expect(api.seen[0]!.headers).toContain(SECRET); // it was sent, and echoed
    expect(error.status).toBe(401);
    expect(error.message).toBe(`401 clipia_live_…${LIVE_KEY.slice(-4)}: bad key clipia_live_…${LIVE_KEY.slice(-4)}`);
    expect(error.headers.get("x-echo")).toBe("[redacted]");
    for (const text of [
      everything(error),
      JSON.stringify([...error.headers]),
      String(error.code),
      String(error.type),
    ]) {
      expect(text).not.toContain(SECRET);
    }
  });

  it("in any form: its secret part alone, percent-encoded or in lower case, in the message, headers and body", async () => {
    const body = LIVE_KEY.slice("clipia_live_".length);
    const encoded = percentEncoded(body);
    const api = await serve((_req, res) => {
      const envelope = {
        error: {
          type: "invalid_request_error",
          code: "invalid_request",
          message: `bad token ${body} (${encoded}, ${body.toLowerCase()})`,
        },
        detail: { tried: [body, `live_${body}`], [body]: 12_345_678 },
      };
      res.writeHead(400, {
        "content-type": "application/json",
        "x-echo": body,
        "x-echo-encoded": `token=${encoded}`,
        [`x-${body.toLowerCase()}`]: "a header named after it",
        location: `https://example.test/?key=clipia_live_${encoded}`,
      });
      res.end(JSON.stringify(envelope));
    });
    const error = (await failure(client(api.url).account.retrieve())) as APIError;
    expect(error.status).toBe(400);
    const last4 = LIVE_KEY.slice(-4);
    expect(error.message).toBe(`400 invalid_request: bad token …${last4} (…${last4}, …${last4})`);
    expect(error.headers.get("x-echo")).toBe("[redacted]");
    expect(error.headers.get("x-echo-encoded")).toBe("token=[redacted]");
    expect(error.headers.get("location")).toBe("https://example.test/?key=[redacted]");
    expect(error.headers.get("content-type")).toBe("application/json");
    const text = [everything(error), JSON.stringify([...error.headers])].join("\n").toLowerCase();
    expect(text).not.toContain(SECRET.toLowerCase());
    expect(text).not.toContain(percentEncoded(SECRET).toLowerCase());
  });

  it("in a GenerationFailedError (or Canceled): its message and its result, however deep", async () => {
    const body = LIVE_KEY.slice("clipia_live_".length);
    for (const status of ["FAILED", "CANCELED"]) {
      const api = await serve((req, res) => {
        const answer = req.url!.endsWith("/status")
          ? statusOf(status)
          : {
              ...statusOf(status),
              output: null,
              error: { code: `GENERATION_${status}`, message: `upstream refused ${LIVE_KEY}; retried with ${body}` },
              logs: [{ message: `Authorization: Bearer ${LIVE_KEY}` }],
            };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      });
      const error = await failure(client(api.url).queue.wait(REQUEST_ID, { pollInterval: 10 }));
      expect(error.name).toBe(status === "FAILED" ? "GenerationFailedError" : "GenerationCanceledError");
      const last4 = LIVE_KEY.slice(-4);
      expect(error.message).toBe(
        `Generation ${REQUEST_ID} ended ${status}: upstream refused clipia_live_…${last4}; retried with …${last4}`,
      );
      const { result } = error as unknown as {
        result: { error: { message: string }; logs: Array<{ message: string }> };
      };
      expect(result.error.message).toBe(`upstream refused clipia_live_…${last4}; retried with …${last4}`);
      expect(result.logs[0]!.message).toBe(`Authorization: Bearer clipia_live_…${last4}`);
      expect(everything(error)).not.toContain(SECRET);
    }
  });

  it.each<[string, (request: Request) => unknown]>([
    ["its message", (r) => new TypeError(`connect failed for ${r.headers.get("authorization")}`)],
    ["its cause", (r) => new TypeError("fetch failed", { cause: new Error(`sent ${r.headers.get("authorization")}`) })],
    [
      "its stack only",
      (r) =>
        Object.assign(new Error("boom"), { stack: `Error: boom\n    at send (${r.headers.get("authorization")})` }),
    ],
    [
      "an own field",
      (r) =>
        Object.assign(new Error("request failed"), {
          config: { headers: { authorization: r.headers.get("authorization") } },
        }),
    ],
    [
      "an AggregateError's errors",
      (r) => new AggregateError([new Error(`${r.headers.get("authorization")}`)], "all failed"),
    ],
    ["a thrown string", (r) => `failed: ${r.headers.get("authorization")}`],
    // After "Bearer clipia_live_" (19 characters): the secret part.
    [
      "its message: the secret part alone, percent-encoded",
      (r) => new TypeError(`failed: ${percentEncoded(r.headers.get("authorization")!.slice(19))}`),
    ],
    [
      "a cause cycle",
      (r) => {
        const error = new Error("loop", { cause: new Error(`${r.headers.get("authorization")}`) });
        (error.cause as Error).cause = error;
        return error;
      },
    ],
  ])("in the error of an injected fetch that quotes it in %s", async (_name, make) => {
    const api = await serve((_req, res) => res.end());
    const fetch: Fetch = async (request) => {
      throw make(request);
    };
    const error = await failure(client(api.url, { fetch, maxRetries: 0 }).account.retrieve());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(/^Could not reach 127\.0\.0\.1:\d+ for GET \/v1\/account: /);
    expect(error.cause).toBeDefined();
    expect(everything(error)).not.toContain(SECRET);
    expect(everything(error)).not.toContain(percentEncoded(SECRET));
  });

  it("names the path under a base URL with a path of its own, and without the query", async () => {
    const fetch: Fetch = async () => {
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
    };
    const cases: Array<[string, (clipia: Clipia) => Promise<unknown>, string]> = [
      ["http://127.0.0.1:4010", (clipia) => clipia.account.retrieve(), "GET /v1/account"],
      ["http://127.0.0.1:4010/api/", (clipia) => clipia.account.retrieve(), "GET /api/v1/account"],
      ["http://127.0.0.1:4010", (clipia) => clipia.generation.retrieve("gen_1"), "GET /v1/generation"],
    ];
    for (const [baseUrl, call, label] of cases) {
      const error = await failure(call(client(baseUrl, { fetch, maxRetries: 0 })));
      expect(error.message).toMatch(new RegExp(`^Could not reach 127\\.0\\.0\\.1:4010 for ${label}: `));
    }
  });

  it("in the error of a middleware that quotes it", async () => {
    const api = await serve((_req, res) => res.end());
    const clipia = client(api.url);
    clipia.raw.use({
      onRequest: ({ request }) => {
        throw new Error(`tracing broke on ${request.headers.get("authorization")}`);
      },
    });
    const error = await failure(clipia.account.retrieve());
    expect(error).toBeInstanceOf(ClipiaError);
    expect(error.message).toBe(`GET /v1/account: tracing broke on Bearer clipia_live_…${LIVE_KEY.slice(-4)}`);
    expect(everything(error)).not.toContain(SECRET);
  });
});
