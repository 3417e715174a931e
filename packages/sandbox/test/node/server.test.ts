import { request as httpRequest, Agent } from "node:http";
import type { Sandbox } from "@clipia/sandbox";
import { SandboxServerError, startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterEach, describe, expect, it } from "vitest";
import { bindWarning } from "../../src/node/bind-warning.js";

const running: SandboxServer[] = [];
async function start(options: Parameters<typeof startSandboxServer>[0]) {
  const server = await startSandboxServer({ port: 0, ...options });
  running.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A stand-in core that records what the transport hands it (dependency injection, no patching). */
function recordingSandbox(answer: (request: Request) => Response) {
  const seen: { request: Request; clientIp: string | undefined; body: string }[] = [];
  const sandbox = {
    async fetch(request: Request, context?: { clientIp?: string }) {
      seen.push({ request, clientIp: context?.clientIp, body: await request.text() });
      return answer(request);
    },
    onChange: () => () => undefined,
  } as unknown as Sandbox;
  return { sandbox, seen };
}

describe("startSandboxServer", () => {
  it("binds an ephemeral port and reports it in url; the real core answers", async () => {
    const server = await start({ seed: 3 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toBe("http://127.0.0.1:0");
    const response = await fetch(`${server.url}/v1/account`, { headers: { authorization: `Bearer ${server.sandbox.keys.live}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(await response.json()).toMatchObject({ object: "account", environment: "live" });
  });

  it("passes the socket address as clientIp, not a forwarded header, and streams the body", async () => {
    const { sandbox, seen } = recordingSandbox(() => new Response("{}", { status: 201, headers: { "x-request-id": "req_1", "x-extra": "a" } }));
    const server = await start({ sandbox });
    const response = await fetch(`${server.url}/v1/keys?limit=2`, {
      method: "POST",
      headers: { "x-forwarded-for": "10.1.2.3", "content-type": "application/json" },
      body: '{"name":"x"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-extra")).toBe("a");
    expect(seen).toHaveLength(1);
    expect(seen[0]!.clientIp).toBe("127.0.0.1");
    expect(seen[0]!.body).toBe('{"name":"x"}');
    expect(new URL(seen[0]!.request.url).pathname + new URL(seen[0]!.request.url).search).toBe("/v1/keys?limit=2");
    expect(seen[0]!.request.method).toBe("POST");
  });

  it("drops the connection when the core answers Response.error(), and keeps serving", async () => {
    let fail = true;
    const { sandbox } = recordingSandbox(() => (fail ? Response.error() : new Response("{}", { headers: { "x-request-id": "req_2" } })));
    const server = await start({ sandbox });
    await expect(fetch(`${server.url}/v1/account`)).rejects.toThrow(TypeError);
    fail = false;
    expect((await fetch(`${server.url}/v1/account`)).status).toBe(200);
  });

  it("close() ends idle keep-alive connections instead of waiting for them", async () => {
    const server = await start({ seed: 1 });
    const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    const socketClosed = new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${server.url}/v1/models`, { agent, headers: { "x-api-key": server.sandbox.keys.test } }, (res) => {
        res.resume();
        res.on("end", () => req.socket?.once("close", () => resolve()));
      });
      req.on("error", reject);
      req.end();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close();
    await socketClosed;
    expect(Date.now() - started).toBeLessThan(1_500);
    agent.destroy();
  });

  it("rejects with address_in_use when the port is taken", async () => {
    const first = await start({ seed: 1 });
    const port = Number(new URL(first.url).port);
    const error = await startSandboxServer({ port, seed: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxServerError);
    expect((error as SandboxServerError).code).toBe("address_in_use");
    expect((error as Error).message).toContain(String(port));
  });

  it("warns about binds other machines can reach, not about loopback", () => {
    expect(bindWarning("0.0.0.0")).toMatch(/0\.0\.0\.0.*reachable from other machines/);
    expect(bindWarning("::")).toMatch(/reachable/);
    expect(bindWarning("192.168.1.10")).toMatch(/reachable/);
    for (const host of ["127.0.0.1", "127.0.0.2", "::1", "localhost"]) expect(bindWarning(host)).toBeUndefined();
  });
});
