import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";

// SPEC §5.3: IP allow-lists of IPv4 and IPv6 addresses and CIDRs; an IPv4-only list refuses IPv6
// clients, and ::ffff:a.b.c.d counts as the IPv4 address a.b.c.d. Driven in process through
// sandbox.fetch's clientIp, so every kind of client address can be tried.

const sandbox = createSandbox({ seed: 8 });
const keyFor = (allowed_ips: string[]) =>
  sandbox.createKey(sandbox.account.account_id, { name: "ip", environment: "test", allowed_ips }).secret;

async function statusFrom(key: string, clientIp: string) {
  const response = await sandbox.fetch("https://api.clipia.ai/v1/account", { headers: { "x-api-key": key }, clientIp });
  const body = (await response.json()) as { error?: { code: string } };
  return response.status === 200 ? 200 : `${response.status} ${body.error?.code}`;
}

const CASES: Array<[string[], string, 200 | "403 ip_not_allowed"]> = [
  [["10.0.0.0/8"], "10.1.2.3", 200],
  [["10.0.0.0/8"], "11.1.2.3", "403 ip_not_allowed"],
  [["10.1.2.3"], "10.1.2.3", 200],
  [["10.1.2.3"], "10.1.2.4", "403 ip_not_allowed"],
  [["10.0.0.0/8"], "::ffff:10.1.2.3", 200],
  [["10.0.0.0/8"], "::ffff:11.1.2.3", "403 ip_not_allowed"],
  [["10.0.0.0/8"], "2001:db8::1", "403 ip_not_allowed"],
  [["0.0.0.0/0"], "2001:db8::1", "403 ip_not_allowed"],
  [["0.0.0.0/0"], "192.0.2.1", 200],
  [["2001:db8::/32"], "2001:db8:1::5", 200],
  [["2001:db8::/32"], "2001:db9::5", "403 ip_not_allowed"],
  [["2001:db8::/32"], "10.1.2.3", "403 ip_not_allowed"],
  [["::1"], "::1", 200],
  [["::1"], "127.0.0.1", "403 ip_not_allowed"],
  [["2001:DB8::1"], "2001:db8:0:0:0:0:0:1", 200],
  [["10.0.0.0/8", "2001:db8::/32"], "2001:db8::7", 200],
  [["10.0.0.0/8", "2001:db8::/32"], "10.9.9.9", 200],
  [[], "198.51.100.7", 200],
];

describe("IP allow-lists", () => {
  it.each(CASES)("allowed_ips %j, client %s → %s", async (allowed, client, expected) => {
    expect(await statusFrom(keyFor(allowed), client)).toBe(expected);
  });

  it("refuses entries that are not addresses or CIDRs", () => {
    for (const bad of ["not-an-ip", "10.0.0.0/33", "2001:db8::/129", "999.1.1.1", "10.0.0"]) {
      expect(() => keyFor([bad]), bad).toThrow();
    }
  });
});
