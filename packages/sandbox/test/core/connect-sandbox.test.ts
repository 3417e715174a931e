import { connectSandbox, type RemoteSandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// connectSandbox(url): the control plane over HTTP, the same methods as the in-process object,
// each a promise (SPEC §5.1, §5.4).

let server: SandboxServer;
let remote: RemoteSandbox;
beforeAll(async () => {
  server = await startSandboxServer({ port: 0, seed: 13 });
  remote = connectSandbox(server.url);
});
afterAll(() => server?.close());

const api = (path: string, key: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("connectSandbox", () => {
  it("accounts and keys: create, list, update, revoke", async () => {
    const created = await remote.createAccount({ balance_credits: 321 });
    expect(created.account.balance.credits).toBe(321);
    expect((await remote.listAccounts()).map((a) => a.account_id)).toContain(created.account.account_id);
    const key = await remote.createKey(created.account.account_id, { name: "remote", environment: "test" });
    expect(key.secret).toMatch(/^clipia_test_/);
    expect((await remote.listKeys(created.account.account_id)).map((k) => k.id)).toContain(key.id);
    expect((await remote.updateKey(key.id, { name: "renamed", disabled: true })).status).toBe("disabled");
    expect((await api("/v1/account", key.secret)).status).toBe(401);
    expect((await remote.revokeKey(key.id)).status).toBe("revoked");
  });

  it("account settings: updateAccount answers the account as listAccounts lists it; reset restores them", async () => {
    const { account, keys } = await remote.createAccount({ balance_credits: 40 });
    const id = account.account_id;
    const listed = async () => (await remote.listAccounts()).find((entry) => entry.account_id === id);
    expect(await listed()).toMatchObject({ subscription: "active", strict_inputs: false, balance: { credits: 40 } });

    const updated = await remote.updateAccount(id, { subscription: "none", strict_inputs: true, balance_credits: 7 });
    expect(updated).toMatchObject({
      account_id: id,
      subscription: "none",
      strict_inputs: true,
      balance: { credits: 7 },
    });
    expect(await listed()).toEqual(updated);
    const refused = await api("/v1/models/flux-2-pro", keys.live, { input: { prompt: "x" } });
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("subscription_required");

    const error = await remote.updateAccount(id, { subscription: "paused" as "none" }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_request",
      message: 'subscription must be "active" or "none".',
    });
    await expect(remote.updateAccount("acc_nope", { subscription: "none" })).rejects.toMatchObject({ status: 404 });

    await remote.reset({ account_id: id });
    expect(await listed()).toMatchObject({ subscription: "active", strict_inputs: false, balance: { credits: 40 } });
  });

  it("clock, faults, outcomes, cancel, requests, usage", async () => {
    const { account, keys } = await remote.createAccount();
    const id = account.account_id;
    const before = await remote.now({ account_id: id });
    const advanced = await remote.advanceClock(60_000, { account_id: id });
    expect(Date.parse(advanced.now) - before).toBeGreaterThanOrEqual(60_000);

    await remote.injectFault({ path: "/v1/key", status: 503, account_id: id });
    expect((await api("/v1/key", keys.live)).status).toBe(503);
    await remote.forceOutcome({ outcome: "FAILED", account_id: id });
    const failed = await (await api("/v1/models/flux-2-pro", keys.test, { input: { prompt: "x" } })).json();
    expect(failed.status).toBe("FAILED");

    const live = await (await api("/v1/models/kling-3", keys.live, { input: { prompt: "x" } })).json();
    const canceled = await remote.cancelRequest(live.request_id);
    expect(canceled).toMatchObject({ request_id: live.request_id, status: "CANCELED" });
    expect((await remote.listRequests(id)).map((r) => r.request_id)).toEqual(
      expect.arrayContaining([failed.request_id, live.request_id]),
    );
    const usage = await remote.usage(id);
    expect(usage.account_id).toBe(id);
    expect(usage.balance.credits).toBe(1000);
  });

  it("webhook log, redeliver, rotate the secret", async () => {
    const { account, keys, webhook_secret } = await remote.createAccount();
    await api("/v1/models/nano-banana-2", keys.test, {
      input: { prompt: "x" },
      webhook_url: "https://hooks.example.com/remote",
    });
    const [offsite] = await remote.webhookDeliveries({ account_id: account.account_id });
    expect(offsite).toMatchObject({ url: "https://hooks.example.com/remote", status: "not_sent" });
    // Never sent off the machine, not even on request.
    await expect(remote.redeliverWebhook(offsite!.id)).rejects.toThrow(/loopback/);
    await api("/v1/models/nano-banana-2", keys.test, {
      input: { prompt: "y" },
      webhook_url: "http://127.0.0.1:9/closed",
    });
    const local = (await remote.webhookDeliveries({ account_id: account.account_id })).find(
      (d) => d.url === "http://127.0.0.1:9/closed",
    );
    expect((await remote.redeliverWebhook(local!.id)).id).toBe(local!.id);
    const rotated = await remote.rotateWebhookSecret(account.account_id);
    expect(rotated.webhook_secret).toMatch(/^whsec_/);
    expect(rotated.webhook_secret).not.toBe(webhook_secret);
  });

  it("errors of the control plane reject with the server's message", async () => {
    await expect(remote.listKeys("acct_nope")).rejects.toThrow();
    await expect(remote.advanceClock(-5, { account_id: server.sandbox.account.account_id })).rejects.toThrow();
  });

  it("reset of one account, then a global reset that removes every created account", async () => {
    const a = await remote.createAccount({ balance_credits: 50 });
    const b = await remote.createAccount({ balance_credits: 60 });
    await api("/v1/models/flux-2-pro", a.keys.live, { input: { prompt: "x" } });
    await api("/v1/models/flux-2-pro", b.keys.live, { input: { prompt: "x" } });
    await remote.reset({ account_id: a.account.account_id });
    expect((await (await api("/v1/account", a.keys.live)).json()).balance.credits).toBe(50);
    expect((await (await api("/v1/account", b.keys.live)).json()).balance.credits).toBeLessThan(60);

    await remote.resetAll();
    const accounts = await remote.listAccounts();
    expect(accounts.map((x) => x.account_id)).not.toContain(a.account.account_id);
    expect(accounts.map((x) => x.account_id)).toContain(server.sandbox.account.account_id);
    expect((await api("/v1/account", server.sandbox.keys.live)).status).toBe(200);
  });
});
