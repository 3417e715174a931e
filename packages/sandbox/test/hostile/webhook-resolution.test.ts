import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Sandbox } from "@clipia/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { buildSandbox } from "../../src/app/sandbox.js";
import { createBypassingFetch } from "../../src/engine/deliver.js";
import { isLoopbackAddress } from "../../src/engine/loopback.js";
import type { HostResolver } from "../../src/engine/webhook-target.js";
import { createNodeDeliver } from "../../src/node/deliver-http.js";

// SPEC §5.1: webhooks never leave the machine. A `*.localhost` name reads as loopback, but what
// counts is the address it resolves to (a hosts file or a resolver may map it anywhere): a
// delivery goes out only when every address is loopback, else it is recorded as not sent. The
// resolver is injected, so names map to what each case needs.

/** A receiver on 127.0.0.1 that records what it got. */
async function receiver() {
  const hits: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    hits.push(req.headers);
    req.resume();
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A resolver from a table, counting its lookups; an unknown name fails as ENOTFOUND does. */
function resolverOf(table: Record<string, Array<[address: string, family: 4 | 6]>>) {
  const lookups: string[] = [];
  const resolve: HostResolver = async (hostname) => {
    lookups.push(hostname);
    const entries = table[hostname];
    if (!entries) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return entries.map(([address, family]) => ({ address, family }));
  };
  return { resolve, lookups };
}

const TABLE: Record<string, Array<[string, 4 | 6]>> = {
  "hook.localhost": [["127.0.0.1", 4]],
  localhost: [["127.0.0.1", 4]],
  "evil.localhost": [["10.0.0.1", 4]],
  "mixed.localhost": [
    ["127.0.0.1", 4],
    ["10.0.0.1", 4],
  ],
  "mapped-evil.localhost": [["::ffff:10.0.0.1", 6]],
};

async function submit(sandbox: Sandbox, base: string, webhookUrl: string): Promise<void> {
  const response = await sandbox.fetch(`${base}/v1/models/nano-banana-2`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${sandbox.keys.test}` },
    body: JSON.stringify({ input: { prompt: "hook" }, webhook_url: webhookUrl }),
  });
  expect(response.status).toBe(200);
}

async function settled(sandbox: Sandbox) {
  const end = Date.now() + 5_000;
  for (;;) {
    const [delivery] = sandbox.webhookDeliveries();
    if (delivery && (delivery.status !== "pending" || delivery.attempts > 0)) return delivery;
    if (Date.now() > end) throw new Error(`the delivery never settled: ${JSON.stringify(delivery)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe("isLoopbackAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.3.4", true],
    ["::1", true],
    ["0:0:0:0:0:0:0:1", true],
    ["[::1]", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["10.0.0.1", false],
    ["128.0.0.1", false],
    ["0.0.0.0", false],
    ["::", false],
    ["::ffff:10.0.0.1", false],
    ["fe80::1", false],
    ["localhost", false],
    ["", false],
  ])("%s → %s", (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

type Wire = "the Node server (node:http)" | "in process (the global fetch)";

/**
 * A sandbox whose deliveries leave through `wire`, resolving names with `resolve`: the deliverer
 * each transport hands `buildSandbox` (the Node server's, or the in-process default), given the resolver.
 */
async function sandboxOn(wire: Wire, resolve: HostResolver): Promise<{ sandbox: Sandbox; base: string }> {
  const deliver = wire === "the Node server (node:http)" ? createNodeDeliver(resolve) : createBypassingFetch(resolve);
  const built = buildSandbox({ seed: 9 }, { deliver });
  cleanups.push(async () => built.stopDeliveries());
  return {
    sandbox: built.sandbox,
    base: wire === "the Node server (node:http)" ? "http://127.0.0.1:4010" : "https://api.clipia.ai",
  };
}

describe.each<Wire>(["the Node server (node:http)", "in process (the global fetch)"])(
  "webhook targets judged by address, %s",
  (wire) => {
    it.each(["evil.localhost", "mixed.localhost", "mapped-evil.localhost"])(
      "a name resolving off the machine (%s) is not sent",
      async (name) => {
        const hook = await receiver();
        cleanups.push(hook.close);
        const { resolve, lookups } = resolverOf(TABLE);
        const { sandbox, base } = await sandboxOn(wire, resolve);
        await submit(sandbox, base, `http://${name}:${hook.port}/hook`);
        const delivery = await settled(sandbox);
        expect(delivery).toMatchObject({ status: "not_sent", attempts: 0, next_attempt_at: null });
        expect(lookups).toEqual([name]);
        // Nothing reached the receiver either (a mixed answer would have let a loopback connection through).
        await new Promise((done) => setTimeout(done, 50));
        expect(hook.hits).toEqual([]);
      },
    );

    it("a name resolving to 127.0.0.1 is sent, signed, with the URL's Host", async () => {
      const hook = await receiver();
      cleanups.push(hook.close);
      const { resolve, lookups } = resolverOf(TABLE);
      const { sandbox, base } = await sandboxOn(wire, resolve);
      // In process the global fetch resolves the name again itself, so only `localhost` (which the
      // system resolves) can arrive there; the Node server connects to the checked address.
      const name = wire === "the Node server (node:http)" ? "hook.localhost" : "localhost";
      await submit(sandbox, base, `http://${name}:${hook.port}/hook`);
      const delivery = await settled(sandbox);
      expect(delivery).toMatchObject({ status: "delivered", attempts: 1, last_status: 200 });
      expect(lookups).toEqual([name]);
      expect(hook.hits).toHaveLength(1);
      expect(hook.hits[0]!.host).toBe(`${name}:${hook.port}`);
      expect(hook.hits[0]!["x-clipia-signature"]).toBeTruthy();
    });

    it("an IP literal is not looked up", async () => {
      const hook = await receiver();
      cleanups.push(hook.close);
      const { resolve, lookups } = resolverOf(TABLE);
      const { sandbox, base } = await sandboxOn(wire, resolve);
      await submit(sandbox, base, `http://127.0.0.1:${hook.port}/hook`);
      expect(await settled(sandbox)).toMatchObject({ status: "delivered" });
      expect(lookups).toEqual([]);
    });

    it("a name that does not resolve is a failed attempt, retried like an unreachable receiver", async () => {
      const { resolve } = resolverOf(TABLE);
      const { sandbox, base } = await sandboxOn(wire, resolve);
      await submit(sandbox, base, "http://nowhere.localhost:9/hook");
      const delivery = await settled(sandbox);
      expect(delivery).toMatchObject({ status: "pending", attempts: 1, last_error: "connection failed" });
      expect(delivery.next_attempt_at).not.toBeNull();
    });
  },
);

describe("the Node server's connection", () => {
  it("goes to the address checked, never to a second lookup's answer", async () => {
    const hook = await receiver();
    cleanups.push(hook.close);
    // The first lookup says loopback; any later one (a rebinding resolver) would say 10.0.0.1.
    let calls = 0;
    const rebinding: HostResolver = async () =>
      calls++ === 0 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "10.0.0.1", family: 4 }];
    const { sandbox, base } = await sandboxOn("the Node server (node:http)", rebinding);
    await submit(sandbox, base, `http://rebind.localhost:${hook.port}/hook`);
    expect(await settled(sandbox)).toMatchObject({ status: "delivered", attempts: 1 });
    expect(calls).toBe(1);
    expect(hook.hits).toHaveLength(1);
  });
});
