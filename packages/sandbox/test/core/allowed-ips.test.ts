import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf, createKey } from "./support.js";

// [allowed_ips, client IP, allowed?]
const CASES: Array<[string[], string, boolean]> = [
  [[], "203.0.113.9", true],
  [["203.0.113.9"], "203.0.113.9", true],
  [["203.0.113.9"], "203.0.113.10", false],
  [["10.0.0.0/8"], "10.255.1.2", true],
  [["10.0.0.0/8"], "11.0.0.1", false],
  [["192.168.1.0/25"], "192.168.1.127", true],
  [["192.168.1.0/25"], "192.168.1.128", false],
  [["0.0.0.0/0"], "8.8.8.8", true],
  [["10.0.0.0/8"], "::ffff:10.1.2.3", true],
  [["10.0.0.0/8"], "::ffff:11.1.2.3", false],
  [["10.0.0.0/8"], "2001:db8::1", false],
  [["0.0.0.0/0"], "::1", false],
  [["2001:db8::/32"], "2001:db8:ffff::1", true],
  [["2001:db8::/32"], "2001:db9::1", false],
  [["2001:db8::1"], "2001:0db8:0000:0000:0000:0000:0000:0001", true],
  [["::1"], "::1", true],
  [["::/0"], "2001:db8::1", true],
  [["::/0"], "10.0.0.1", false],
  [["::ffff:10.0.0.0/104"], "10.9.9.9", true],
  [["fe80::/10", "10.0.0.0/8"], "fe80::1234", true],
  [["2001:db8::/127"], "2001:db8::1", true],
  [["2001:db8::/127"], "2001:db8::2", false],
];

describe("allowed_ips", () => {
  it.each(CASES)("%j with client %s → allowed %s", async (allowedIps, clientIp, allowed) => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { allowed_ips: allowedIps });
    const reply = await call(sandbox, { path: "/v1/account", key: key.secret, clientIp });
    expect(reply.status).toBe(allowed ? 200 : 403);
    if (!allowed) expect(codeOf(reply)).toBe("ip_not_allowed");
  });

  it("uses options.clientIp when the transport gives none, else 127.0.0.1", async () => {
    const remote = createSandbox({ clientIp: "198.51.100.7" });
    const local = createSandbox();
    for (const sandbox of [remote, local]) {
      const key = await createKey(sandbox, { allowed_ips: ["198.51.100.0/24"] });
      const reply = await call(sandbox, { path: "/v1/account", key: key.secret });
      expect(reply.status).toBe(sandbox === remote ? 200 : 403);
    }
  });

  it("checks the IP after the credentials and before the scope", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { allowed_ips: ["10.0.0.1"], scopes: ["read"] });
    const reply = await call(sandbox, { path: "/v1/models/clipia-image-1", key: key.secret, body: { input: { prompt: "x" } } });
    expect(codeOf(reply)).toBe("ip_not_allowed");
  });
});
