import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call } from "../engine/helpers.js";

// allowed_ips: IPv4/IPv6 addresses and CIDRs; `::ffff:a.b.c.d` counts as IPv4, so an IPv4-only
// list accepts it and rejects any other IPv6 client. An empty list allows everyone.
const rows: Array<[string[], string, number]> = [
  [[], "203.0.113.9", 200],
  [["203.0.113.9"], "203.0.113.9", 200],
  [["203.0.113.9"], "203.0.113.10", 403],
  [["10.0.0.0/8"], "10.200.3.4", 200],
  [["10.0.0.0/8"], "11.0.0.1", 403],
  [["10.0.0.0/8"], "::ffff:10.1.2.3", 200],
  [["10.0.0.0/8"], "2001:db8::1", 403],
  [["::ffff:10.1.2.3"], "10.1.2.3", 200],
  [["2001:db8::/32"], "2001:db8:1::5", 200],
  [["2001:db8::/32"], "2001:db9::5", 403],
  [["::1"], "::1", 200],
  [["::1"], "127.0.0.1", 403],
  [["0.0.0.0/0"], "198.51.100.1", 200],
];

describe("IP allow-list", () => {
  it.each(rows)("list %j, client %s → %i", async (allowed, clientIp, status) => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, { name: "ips", environment: "test", allowed_ips: allowed });
    const answer = await call(sandbox, key.secret, "GET", "/v1/account", undefined, { clientIp });
    expect(answer.status).toBe(status);
    if (status === 403) expect(answer.body.error).toMatchObject({ type: "permission_error", code: "ip_not_allowed" });
  });

  it("checks the IP after the credentials and before the scope", async () => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, {
      name: "k",
      environment: "test",
      scopes: ["read"],
      allowed_ips: ["10.0.0.1"],
    });
    const answer = await call(
      sandbox,
      key.secret,
      "POST",
      "/v1/models/flux-2-pro",
      { input: { prompt: "p" } },
      { clientIp: "10.0.0.2" },
    );
    expect(answer.body.error.code).toBe("ip_not_allowed");
    sandbox.revokeKey(key.id);
    expect((await call(sandbox, key.secret, "GET", "/v1/account", undefined, { clientIp: "10.0.0.2" })).status).toBe(
      401,
    );
  });

  it.each([["not-an-ip"], ["10.0.0.0/33"], ["::1/129"]])("rejects %s as an allow-list entry (400)", (entry) => {
    const sandbox = createSandbox();
    expect(() =>
      sandbox.createKey(sandbox.account.account_id, { name: "k", environment: "test", allowed_ips: [entry] }),
    ).toThrow(/allowed_ips/);
  });
});
