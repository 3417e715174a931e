import { createSandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterEach, describe, expect, it } from "vitest";
import { closedWithin, rawExchange, silentSocket } from "./raw.js";

// Hostile clients against the Node server: starvation (idle sockets, connection floods, deep
// JSON, a huge body behind `Expect: 100-continue`), malformed request targets, out-of-range
// numbers, and DNS rebinding (a foreign Host reading or driving the control plane or console).

const running: SandboxServer[] = [];
async function start(options: Parameters<typeof startSandboxServer>[0] = {}) {
  const server = await startSandboxServer({ port: 0, seed: 5, ...options });
  running.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const firstLine = (text: string) => text.split("\r\n")[0];
const request = (target: string, host: string, extra = "") =>
  `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`;

describe("starvation", () => {
  it("cuts sockets that never send a byte after the header timeout", async () => {
    const server = await start({ limits: { headersTimeoutMs: 300 } });
    const sockets = await Promise.all(Array.from({ length: 30 }, () => silentSocket(server.url)));
    const times = await Promise.all(sockets.map(closedWithin));
    expect(Math.max(...times)).toBeLessThan(3_000);
    expect((await fetch(`${server.url}/_sandbox/accounts`)).status).toBe(200);
  });

  it("caps open connections: at the cap a new connection closes the longest-idle one and is served", async () => {
    const server = await start({ limits: { maxConnections: 8, headersTimeoutMs: 10_000 } });
    const hogs = await Promise.all(Array.from({ length: 8 }, () => silentSocket(server.url)));
    const answer = await rawExchange(server.url, request("/_sandbox/accounts", "127.0.0.1"));
    expect(firstLine(answer)).toBe("HTTP/1.1 200 OK");
    await Promise.race(hogs.map(closedWithin));
    expect(hogs.filter((socket) => socket.destroyed)).toHaveLength(1);
    for (const socket of hogs) socket.destroy();
  });

  it("caps open connections: when every one is busy with a request, a new connection is refused", async () => {
    const server = await start({ limits: { maxConnections: 4, headersTimeoutMs: 10_000 } });
    // Headers with `Expect: 100-continue` and no body: the 100 proves the server holds the request.
    const head =
      "POST /_sandbox/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n";
    const busy = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const socket = await silentSocket(server.url);
        await new Promise<void>((resolve) => {
          socket.setEncoding("utf8").once("data", () => resolve());
          socket.write(head);
        });
        return socket;
      }),
    );
    const extra = await silentSocket(server.url);
    await closedWithin(extra);
    expect(busy.filter((socket) => socket.destroyed)).toEqual([]);
    for (const socket of busy) socket.destroy();
  });

  it("answers deeply nested JSON with a cheap 400 (the depth is checked before parsing)", async () => {
    const sandbox = createSandbox({ seed: 5 });
    const body = `{"input":${"[".repeat(499_000)}${"]".repeat(499_000)}}`;
    const send = () =>
      sandbox.fetch("https://api.clipia.ai/v1/models/nano-banana-2", {
        method: "POST",
        headers: { authorization: `Bearer ${sandbox.keys.test}`, "content-type": "application/json" },
        body,
      });
    const first = await send();
    expect(first.status).toBe(400);
    expect(((await first.json()) as { error: { message: string } }).error.message).toMatch(/nested deeper/);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await (await send()).text();
      times.push(performance.now() - t);
    }
    // Parsing first cost ~170 ms a request; the scan costs a few.
    expect(times.sort((a, b) => a - b)[2]).toBeLessThan(60);
  });

  it("answers 413 before 100 Continue when the declared body is over 1 MiB", async () => {
    const server = await start();
    const text =
      "POST /v1/models/nano-banana-2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
      `Authorization: Bearer ${server.sandbox.keys.test}\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n`;
    const answer = await rawExchange(server.url, text);
    expect(firstLine(answer)).toBe("HTTP/1.1 413 Payload Too Large");
    expect(answer).not.toContain("100 Continue");
    expect(answer).toContain('"code":"invalid_request"');
  });

  it("still sends 100 Continue for a body within the limit", async () => {
    const server = await start();
    const body = JSON.stringify({ input: { prompt: "ok" } });
    const head =
      "POST /v1/models/nano-banana-2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n" +
      `Authorization: Bearer ${server.sandbox.keys.test}\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`;
    const answer = await rawExchange(server.url, head + body);
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
  });
});

describe("malformed requests", () => {
  it.each(["http://[/v1/account", "http://%zz/_sandbox/accounts", "ftp://x/v1/account"])(
    "%s is a 400 in the error envelope, never a 500",
    async (target) => {
      const server = await start();
      const answer = await rawExchange(server.url, request(target, "127.0.0.1"));
      expect(firstLine(answer)).toBe("HTTP/1.1 400 Bad Request");
      expect(answer).toContain('"code":"invalid_request"');
    },
  );

  it("a request Node's parser refuses (an unknown method) still gets the error envelope", async () => {
    const server = await start();
    const answer = await rawExchange(server.url, "BREW /v1/account HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(firstLine(answer)).toBe("HTTP/1.1 400 Bad Request");
    expect(answer).toContain('"code":"invalid_request"');
  });

  it.each([
    ["/_sandbox/accounts", { balance_credits: 1e400 }],
    ["/_sandbox/clock/advance", { ms: 1e400, all: true }],
    ["/_sandbox/faults", { status: 503, count: 1e400 }],
    ["/_sandbox/faults", { status: 503, delay_ms: 1e400 }],
    ["/_sandbox/outcomes", { outcome: "SLOW", count: 1e400 }],
  ])("POST %s with 1e400 is a 400 (no Infinity or null in any answer)", async (path, body) => {
    const server = await start();
    const response = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body).replace(/null/g, "1e400"),
    });
    expect(response.status).toBe(400);
  });

  it("a model input seed of 1e400 is a 422 naming the field", async () => {
    const server = await start();
    const response = await fetch(`${server.url}/v1/models/nano-banana-2`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.sandbox.keys.test}` },
      body: '{"input":{"prompt":"x","seed":1e400}}',
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("seed");
  });
});

describe("DNS rebinding: a foreign Host", () => {
  it.each([
    ["GET", "/_sandbox/accounts"],
    ["GET", "/_sandbox/console"],
    ["GET", "/_sandbox/webhooks"],
    ["POST", "/_sandbox/reset"],
  ])("%s %s addressed to evil.example is 403; the webhook secret never leaves", async (method, path) => {
    const server = await start();
    const { port } = new URL(server.url);
    const extra = method === "POST" ? "Content-Type: application/json\r\nContent-Length: 2\r\n" : "";
    const text = `${method} ${path} HTTP/1.1\r\nHost: evil.example:${port}\r\n${extra}Connection: close\r\n\r\n${method === "POST" ? "{}" : ""}`;
    const answer = await rawExchange(server.url, text);
    expect(firstLine(answer)).toBe("HTTP/1.1 403 Forbidden");
    expect(answer).toContain('"code":"origin_not_allowed"');
    expect(answer).not.toContain(server.sandbox.webhookSecret);
    expect(answer.toLowerCase()).not.toContain("access-control-allow-origin");
  });

  it.each(["127.0.0.1", "localhost", "app.localhost", "[::1]", "sandbox", "10.0.0.7"])(
    "a request addressed to %s is answered",
    async (name) => {
      const server = await start();
      const { port } = new URL(server.url);
      const answer = await rawExchange(server.url, request("/_sandbox/accounts", `${name}:${port}`));
      expect(firstLine(answer)).toBe("HTTP/1.1 200 OK");
    },
  );

  it("the host the server was started on is its own", async () => {
    const server = await start({ host: "localhost" });
    const answer = await rawExchange(server.url, request("/_sandbox/console", `localhost:${new URL(server.url).port}`));
    expect(firstLine(answer)).toBe("HTTP/1.1 200 OK");
  });

  it("the public API still answers any Host (SDKs behind proxies), with its CORS", async () => {
    const server = await start();
    const answer = await rawExchange(
      server.url,
      request("/v1/account", "api.example.test", `Authorization: Bearer ${server.sandbox.keys.test}\r\n`),
    );
    expect(firstLine(answer)).toBe("HTTP/1.1 200 OK");
    expect(answer.toLowerCase()).toContain("access-control-allow-origin: *");
  });

  it("no wildcard CORS on any /_sandbox answer, preflight included", async () => {
    const server = await start();
    for (const init of [
      {},
      { method: "OPTIONS", headers: { origin: server.url, "access-control-request-method": "POST" } },
    ]) {
      const response = await fetch(`${server.url}/_sandbox/accounts`, init);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
  });
});
