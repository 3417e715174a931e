import { connectSandbox, createSandbox, SandboxControlError } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: Awaited<ReturnType<typeof startSandboxServer>>;
beforeAll(async () => {
  server = await startSandboxServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

describe("control plane origin rule", () => {
  it.each([
    ["POST", "/_sandbox/accounts", "https://evil.example", 403],
    ["POST", "/_sandbox/reset", "http://127.0.0.1:1", 403],
    ["POST", "/_sandbox/faults", "null", 403],
    ["OPTIONS", "/_sandbox/accounts", "https://evil.example", 403],
  ])("refuses %s %s from Origin %s", async (method, path, origin, status) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { origin, "content-type": "application/json" },
      ...(method === "POST" ? { body: "{}" } : {}),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    if (method !== "OPTIONS") expect((await response.json()).error.code).toBe("origin_not_allowed");
  });

  it("accepts writes from its own origin and from clients that send none; never sends wildcard CORS", async () => {
    const own = await fetch(`${server.url}/_sandbox/accounts`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/json" },
      body: "{}",
    });
    expect(own.status).toBe(201);
    const plain = await fetch(`${server.url}/_sandbox/accounts`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a foreign page's read without any CORS header, so the page cannot read it", async () => {
    const response = await fetch(`${server.url}/_sandbox/accounts`, { headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("takes the loopback names of its own port as its own origin (the console opened as localhost)", async () => {
    const port = new URL(server.url).port;
    const response = await fetch(`${server.url}/_sandbox/accounts`, {
      method: "POST",
      headers: { origin: `http://localhost:${port}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(201);
  });
});

/** A POST with a chosen Host header (fetch cannot set one). */
function postWithHost(path: string, host: string, origin: string): Promise<number> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, method: "POST", headers: { host, origin, "content-type": "application/json" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end("{}");
  });
}

describe("the origin rule behind the server", () => {
  it.each([
    ["a container name", "sandbox", 201],
    ["an IP literal", "10.0.0.7", 201],
    ["a DNS name (a rebinding page)", "evil.example", 403],
  ])("trusts the Host of %s only when no DNS rebinding can forge it", async (_, name, status) => {
    const { port } = new URL(server.url);
    expect(await postWithHost("/_sandbox/accounts", `${name}:${port}`, `http://${name}:${port}`)).toBe(status);
  });
});

describe("connectSandbox", () => {
  it("drives the server's control plane with the in-process method names", async () => {
    const control = connectSandbox(server.url);
    const created = await control.createAccount({ balance_credits: 30 });
    const id = created.account.account_id;
    const key = await control.createKey(id, { name: "ci", environment: "live", credit_limit: 10 });
    expect(key.secret).toMatch(/^clipia_live_/);
    expect((await control.listKeys(id)).map((k) => k.name)).toContain("ci");
    expect((await control.updateKey(key.id, { disabled: true })).status).toBe("disabled");
    expect((await control.revokeKey(key.id)).status).toBe("revoked");
    const before = await control.now({ account_id: id });
    await control.advanceClock(60_000, { account_id: id });
    expect((await control.now({ account_id: id })) - before).toBeGreaterThanOrEqual(60_000);
    expect((await control.injectFault({ status: 503, account_id: id })).status).toBe(503);
    expect((await control.forceOutcome({ outcome: "SLOW", account_id: id })).outcome).toBe("SLOW");
    expect((await control.usage(id)).balance.credits).toBe(30);
    expect(await control.listRequests(id)).toEqual([]);
    expect(await control.webhookDeliveries({ account_id: id })).toEqual([]);
    expect((await control.rotateWebhookSecret(id)).webhook_secret).toMatch(/^whsec_/);
    expect((await control.listAccounts()).map((a) => a.account_id)).toContain(id);
    await control.reset({ account_id: id });
    expect((await control.usage(id)).balance.credits).toBe(30);
    await expect(control.cancelRequest("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(
      SandboxControlError,
    );
  });

  it("works over any fetch, e.g. an in-process sandbox's", async () => {
    const sandbox = createSandbox();
    const control = connectSandbox("https://api.clipia.ai", { fetch: (input, init) => sandbox.fetch(input, init) });
    const listed = await control.listAccounts();
    expect(listed).toEqual([expect.objectContaining({ account_id: sandbox.account.account_id, is_default: true })]);
  });

  it("serves the console page at consoleUrl", async () => {
    expect(server.consoleUrl).toBe(`${server.url}/_sandbox/console`);
    const page = await fetch(server.consoleUrl);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/<title>Clipia sandbox console<\/title>/);
  });
});
