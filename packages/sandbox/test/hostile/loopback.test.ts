import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { hostAllowed } from "../../src/app/origin.js";
import { isLoopbackAddress, isLoopbackHostname } from "../../src/engine/loopback.js";
import { bindWarning } from "../../src/node/bind-warning.js";
import { verifyCommand } from "../../src/node/verify/index.js";
import { submit } from "../engine/helpers.js";

// "Loopback" has one meaning in the sandbox (src/engine/loopback.ts): 127.0.0.0/8, ::1, 127/8
// mapped into IPv6, and the names localhost / *.localhost. Each place that asks must answer alike:
// the webhook_url rule (SPEC §2 D), the control plane's Host check, the bind warning, and the
// hosts `verify` may send a key to over plain http. The expectations are written out here, not
// derived from the module under test.

/** Hosts as a URL's `hostname` writes them, with whether they mean this machine. */
const HOSTS: Array<[host: string, loopback: boolean]> = [
  ["127.0.0.1", true],
  ["127.1.2.3", true],
  ["localhost", true],
  ["LOCALHOST", true],
  ["hook.localhost", true],
  ["[::1]", true],
  ["[::ffff:7f00:1]", true],
  ["[::ffff:7fff:ffff]", true],
  // ::ffff:0.0.0.127: an IPv4 address outside 127/8, however its hex spelling starts.
  ["[::ffff:7f]", false],
  ["[::ffff:a00:1]", false],
  ["[::]", false],
  ["0.0.0.0", false],
  ["128.0.0.1", false],
  ["10.0.0.1", false],
  // A DNS name that merely starts like an address resolves wherever its owner says.
  ["127.0.0.1.example.com", false],
  ["localhost.example.com", false],
  ["example.com", false],
];

describe("isLoopbackAddress: an address, not a name", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1", true],
    ["::1", true],
    ["[::1]", true],
    ["0:0:0:0:0:0:0:1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["::ffff:7f", false],
    ["::2", false],
    ["126.255.255.255", false],
    ["128.0.0.0", false],
    ["localhost", false],
    ["hook.localhost", false],
    ["", false],
  ])("%s → %s", (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe("one loopback rule for every caller", () => {
  it.each(HOSTS)("isLoopbackHostname(%s) → %s", (host, loopback) => {
    expect(isLoopbackHostname(host)).toBe(loopback);
  });

  it.each(HOSTS)("webhook_url http://%s/hook is accepted: %s", async (host, loopback) => {
    const sandbox = createSandbox();
    const answer = await submit(
      sandbox,
      sandbox.keys.test,
      "flux-2-pro",
      { prompt: "p" },
      { webhook_url: `http://${host}:9/hook` },
    );
    expect(answer.status).toBe(loopback ? 200 : 400);
  });

  it.each(HOSTS.filter(([, loopback]) => loopback))(
    "the control plane answers Host %s on a server started on a DNS name",
    (host) => {
      expect(hostAllowed(host.toLowerCase(), "http://sandbox.example:4010")).toBe(true);
    },
  );

  it("the control plane refuses a rebinding name however it starts", () => {
    for (const host of ["127.0.0.1.example.com", "localhost.example.com"])
      expect(hostAllowed(host, "http://127.0.0.1:4010")).toBe(false);
  });

  it.each(HOSTS)("binding %s warns: %s", (host, loopback) => {
    // --host takes IPv6 unbracketed, as node:net does.
    const bind = host.replace(/^\[(.*)\]$/, "$1");
    expect(bindWarning(bind) === undefined).toBe(loopback);
  });

  it.each(HOSTS)("verify --base-url http://%s:4010 is allowed: %s", async (host, loopback) => {
    const out = { stdout: "", stderr: "" };
    const io = {
      env: { CLIPIA_API_KEY: "clipia_test_0123456789abcdef" },
      openapi: { paths: {} },
      // Never reached on a refused URL; on an accepted one every probe fails fast, offline.
      fetch: async () => {
        throw new Error("offline");
      },
      stdout: (text: string) => void (out.stdout += text),
      stderr: (text: string) => void (out.stderr += text),
    };
    const code = await verifyCommand(["--base-url", `http://${host}:4010`], io);
    if (loopback) expect(out.stderr).not.toMatch(/must be https/);
    else
      expect({ code, stderr: out.stderr }).toMatchObject({ code: 2, stderr: expect.stringMatching(/must be https/) });
  });
});
