import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterEach, describe, expect, it } from "vitest";

// Hostile webhook receivers: a redirect to a URL the webhook_url check never saw, receivers that
// never answer (the 10 s timeout of SPEC §2, a cap on attempts at once, a shutdown that does not
// wait for them).

interface Hook {
  url: string;
  hits: number;
  open: Set<Socket>;
  maxOpen: number;
  close(): Promise<void>;
}

async function receiver(answer: (res: ServerResponse, hook: Hook) => void): Promise<Hook> {
  const hook: Hook = { url: "", hits: 0, open: new Set(), maxOpen: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    hook.hits++;
    req.resume();
    answer(res, hook);
  });
  server.on("connection", (socket: Socket) => {
    hook.open.add(socket);
    hook.maxOpen = Math.max(hook.maxOpen, hook.open.size);
    socket.once("close", () => hook.open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hook.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return hook;
}

const hooks: Hook[] = [];
const running: SandboxServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  await Promise.all(hooks.splice(0).map((hook) => hook.close()));
});

async function start(): Promise<SandboxServer> {
  const server = await startSandboxServer({ port: 0, seed: 8 });
  running.push(server);
  return server;
}

async function submit(server: SandboxServer, webhookUrl: string): Promise<string> {
  const response = await fetch(`${server.url}/v1/models/nano-banana-2`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.sandbox.keys.test}` },
    body: JSON.stringify({ input: { prompt: "hook" }, webhook_url: webhookUrl }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { request_id: string }).request_id;
}

const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return check();
};

describe("webhook delivery against hostile receivers", () => {
  it("never follows a redirect: the 3xx is a failed attempt and its target is never reached", async () => {
    const target = await receiver((res) => res.writeHead(200).end());
    const redirecting = await receiver((res) => res.writeHead(307, { location: `${target.url}/elsewhere` }).end());
    hooks.push(target, redirecting);
    const server = await start();
    await submit(server, `${redirecting.url}/hook`);
    expect(await until(() => server.sandbox.webhookDeliveries()[0]?.attempts === 1, 5_000)).toBe(true);
    const [delivery] = server.sandbox.webhookDeliveries();
    expect(delivery!.history[0]).toMatchObject({ status: 307, error: "redirect not followed" });
    expect(delivery!.status).toBe("pending");
    expect(target.hits).toBe(0);
  });

  it("caps the attempts on the wire, and a shutdown neither waits for hanging receivers nor leaves their sockets open", async () => {
    const hanging = await receiver(() => undefined);
    hooks.push(hanging);
    const server = await start();
    for (let i = 0; i < 40; i++) await submit(server, `${hanging.url}/hook/${i}`);
    expect(await until(() => hanging.hits >= 16, 5_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hanging.maxOpen).toBeLessThanOrEqual(16);
    const started = Date.now();
    await server.close();
    running.length = 0;
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await until(() => hanging.open.size === 0, 2_000)).toBe(true);
    // Cut by the shutdown, not by the receivers: no attempt is recorded against them.
    expect(server.sandbox.webhookDeliveries().every((d) => d.attempts === 0 && d.status === "pending")).toBe(true);
  });

  it("gives a receiver 10 s to answer, then records the attempt as failed", async () => {
    const hanging = await receiver(() => undefined);
    hooks.push(hanging);
    const server = await start();
    await submit(server, `${hanging.url}/slow`);
    const started = Date.now();
    expect(await until(() => server.sandbox.webhookDeliveries()[0]?.attempts === 1, 25_000)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_500);
    expect(server.sandbox.webhookDeliveries()[0]!.history[0]).toMatchObject({
      status: null,
      error: "no answer within 10 s",
    });
  }, 30_000);
});
