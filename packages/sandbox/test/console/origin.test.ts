import { connectSandbox, createSandbox, SandboxControlError } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
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
    const before = await control.now({ accountId: id });
    await control.advanceClock(60_000, { accountId: id });
    expect((await control.now({ accountId: id })) - before).toBeGreaterThanOrEqual(60_000);
    expect((await control.injectFault({ status: 503, account_id: id })).status).toBe(503);
    expect((await control.forceOutcome({ outcome: "SLOW", account_id: id })).outcome).toBe("SLOW");
    expect((await control.usage(id)).balance.credits).toBe(30);
    expect(await control.listRequests(id)).toEqual([]);
    expect(await control.webhookDeliveries({ accountId: id })).toEqual([]);
    expect((await control.rotateWebhookSecret(id)).webhook_secret).toMatch(/^whsec_/);
    expect((await control.listAccounts()).map((a) => a.account_id)).toContain(id);
    await control.reset({ accountId: id });
    expect((await control.usage(id)).balance.credits).toBe(30);
    await expect(control.cancelRequest("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(SandboxControlError);
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
