import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawExchange } from "./raw.js";

// The control plane under any spelling of its path. The router decodes each segment once, so
// `/%5Fsandbox/reset` *is* `/_sandbox/reset`; deciding "control plane or public" on the raw path
// once sent it through the public pipeline: no Host or Origin check, `Access-Control-Allow-Origin: *`,
// and a foreign page holding the well-known default key read the accounts, minted a key and reset
// the sandbox. Every spelling below must meet the control plane's checks, on both transports.

/** Spellings of `/_sandbox` + `rest` that the router matches as the control plane. */
const SPELLINGS: Array<[label: string, spell: (rest: string) => string]> = [
  ["an upper-case escape (%5F)", (rest) => `/%5Fsandbox${rest}`],
  ["a lower-case escape (%5f)", (rest) => `/%5fsandbox${rest}`],
  ["an escaped letter (_sandbo%78)", (rest) => `/_sandbo%78${rest}`],
  ["every letter escaped", (rest) => `/%5F%73%61%6E%64%62%6F%78${rest}`],
  // `/_sandbox/%61ccounts`: the first letter after the slash escaped.
  [
    "an escape in a later segment",
    (rest) => `/_sandbox/%${rest.charCodeAt(1).toString(16).toUpperCase()}${rest.slice(2)}`,
  ],
  ["a dot segment", (rest) => `/v1/../%5Fsandbox${rest}`],
  ["an escaped dot segment", (rest) => `/v1/%2e%2E/%5Fsandbox${rest}`],
];

/** Spellings that match no route, yet read as the control plane to a proxy that merges `//` or decodes `%2F`. */
const NEAR_MISSES = ["//_sandbox/accounts", "//%5Fsandbox/accounts", "/_sandbox%2Faccounts", "/%5Fsandbox%2Freset"];

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Transport {
  sandbox: Sandbox;
  /** Sends the request target as is (no client-side normalisation), with a Host header where the transport has one. */
  send(method: string, target: string, headers: Record<string, string>, body?: string): Promise<Answer>;
}

const EVIL = "https://evil.example";
const START = Date.now();

/** What an attack could change. */
function observe(sandbox: Sandbox): string {
  return JSON.stringify({
    accounts: sandbox.listAccounts().map((account) => account.account_id),
    keys: sandbox
      .listAccounts()
      .map((account) => sandbox.listKeys(account.account_id).map((key) => [key.id, key.status])),
    secret: sandbox.webhookSecret,
    clock_days: Math.floor((sandbox.now() - START) / 86_400_000),
  });
}

function suite(name: string, setup: () => Promise<Transport & { close(): Promise<void> }>, hasHost: boolean) {
  describe(name, () => {
    let transport: Transport & { close(): Promise<void> };
    let marker: string;
    beforeAll(async () => {
      transport = await setup();
      // An account a reset would remove.
      marker = transport.sandbox.createAccount().account.account_id;
    });
    afterAll(() => transport.close());

    const auth = () => ({ authorization: `Bearer ${transport.sandbox.keys.test}` });

    it.each(SPELLINGS)("%s: a foreign page's read is answered without CORS (it cannot read it)", async (_, spell) => {
      const answer = await transport.send("GET", spell("/accounts"), { origin: EVIL, ...auth() });
      // The control plane answered (a list of accounts), not the public pipeline's 401.
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(marker);
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    });

    it.each(SPELLINGS)("%s: foreign-Origin writes are 403 origin_not_allowed and change nothing", async (_, spell) => {
      const before = observe(transport.sandbox);
      const accountId = transport.sandbox.account.account_id;
      const json = { "content-type": "application/json" };
      for (const [method, rest, body] of [
        ["POST", `/accounts/${accountId}/keys`, JSON.stringify({ name: "evil", environment: "live" })],
        ["POST", "/reset", JSON.stringify({ all: true })],
        ["POST", "/reset", "{}"],
        ["POST", "/clock/advance", JSON.stringify({ ms: 86_400_000 })],
        ["POST", `/accounts/${accountId}/webhook-secret/rotate`, undefined],
      ] as const) {
        const answer = await transport.send(
          method,
          spell(rest),
          { origin: EVIL, ...auth(), ...(body ? json : {}) },
          body,
        );
        expect(answer.status, `${method} ${spell(rest)}`).toBe(403);
        expect(answer.body).toContain('"code":"origin_not_allowed"');
        expect(answer.body).not.toContain("clipia_live_");
        expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
      }
      expect(observe(transport.sandbox)).toBe(before);
      expect(transport.sandbox.listAccounts().map((account) => account.account_id)).toContain(marker);
    });

    it.each(SPELLINGS)("%s: a foreign preflight is refused, without CORS", async (_, spell) => {
      const answer = await transport.send("OPTIONS", spell("/reset"), {
        origin: EVIL,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      });
      expect(answer.status).toBe(403);
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
      expect(answer.headers["access-control-allow-headers"]).toBeUndefined();
    });

    it.each(SPELLINGS)("%s: the sandbox's own clients still reach it", async (_, spell) => {
      const answer = await transport.send("GET", spell("/accounts"), {});
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(transport.sandbox.account.account_id);
    });

    it.each(NEAR_MISSES)("%s matches no route: a 404 without CORS", async (target) => {
      const answer = await transport.send("GET", target, { origin: EVIL, ...auth() });
      expect(answer.status).toBe(404);
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
      expect(answer.body).not.toContain(marker);
    });

    it("the public API and the media keep their CORS under encoded spellings", async () => {
      const account = await transport.send("GET", "/v1/%61ccount", { origin: EVIL, ...auth() });
      expect(account.status).toBe(200);
      expect(account.headers["access-control-allow-origin"]).toBe("*");
      const media = await transport.send("GET", "/%6Dedia/image/64x64.png", { origin: EVIL });
      expect(media.status).toBe(200);
      expect(media.headers["access-control-allow-origin"]).toBe("*");
    });

    if (hasHost) {
      it.each(SPELLINGS)(
        "%s: a DNS-rebinding request (Host: evil.example) can neither read nor drive it",
        async (_, spell) => {
          const before = observe(transport.sandbox);
          for (const [method, rest, body] of [
            ["GET", "/accounts", undefined],
            ["GET", "/webhooks", undefined],
            ["POST", "/reset", JSON.stringify({ all: true })],
          ] as const) {
            const answer = await transport.send(
              method,
              spell(rest),
              { host: "evil.example", ...auth(), ...(body ? { "content-type": "application/json" } : {}) },
              body,
            );
            expect(answer.status, `${method} ${spell(rest)}`).toBe(403);
            expect(answer.body).toContain('"code":"origin_not_allowed"');
            expect(answer.body).not.toContain(transport.sandbox.webhookSecret);
            expect(answer.body).not.toContain(marker);
            expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
          }
          expect(observe(transport.sandbox)).toBe(before);
        },
      );
    }
  });
}

/** Parses a raw HTTP/1.1 answer. */
function parseRaw(text: string): Answer {
  const [head = "", ...rest] = text.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") };
}

suite(
  "over HTTP (startSandboxServer on 127.0.0.1, raw request targets)",
  async () => {
    const server: SandboxServer = await startSandboxServer({ port: 0, host: "127.0.0.1", seed: 11 });
    const { host } = new URL(server.url);
    return {
      sandbox: server.sandbox,
      send: async (method, target, headers, body) => {
        const all: Record<string, string> = { host, ...headers, connection: "close" };
        if (body !== undefined) all["content-length"] = String(Buffer.byteLength(body));
        const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`);
        return parseRaw(
          await rawExchange(server.url, `${method} ${target} HTTP/1.1\r\n${lines.join("")}\r\n${body ?? ""}`),
        );
      },
      close: () => server.close(),
    };
  },
  true,
);

suite(
  "in process (sandbox.fetch, as under MSW)",
  async () => {
    const sandbox = createSandbox({ seed: 11 });
    return {
      sandbox,
      send: async (method, target, headers, body) => {
        // The URL parser resolves dot segments and keeps escapes, as it does for any fetch.
        const response = await sandbox.fetch(`https://api.clipia.ai${target}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
        });
        const answer: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          answer[name] = value;
        });
        return { status: response.status, headers: answer, body: await response.text() };
      },
      close: async () => undefined,
    };
  },
  false,
);
