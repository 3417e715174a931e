import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// SPEC §5.3 / §5.4: a web page the developer visits must not drive the sandbox on their machine.
// Every write the console can make, sent with a foreign Origin (another site, another port of
// 127.0.0.1, an opaque "null" origin, a look-alike host) or as a browser form post from
// elsewhere, is refused with 403 origin_not_allowed and changes nothing; the same write from the
// sandbox's own origin (as the console sends it) goes through. Over HTTP and in process.

interface Target {
  sandbox: Sandbox;
  /** Sends a control-plane request to the transport under test. */
  send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response>;
  /** The sandbox's own origin as a browser on the console page would send it. */
  ownOrigins: string[];
}

const START = Date.now();

/** Everything a write could change, to prove a refused write changed nothing. */
function observe(sandbox: Sandbox) {
  const accountId = sandbox.account.account_id;
  return JSON.stringify({
    accounts: sandbox.listAccounts().length,
    keys: sandbox.listKeys(accountId),
    secret: sandbox.webhookSecret,
    requests: sandbox.listRequests(accountId).map((r) => [r.request_id, r.status]),
    deliveries: sandbox.webhookDeliveries().map((d) => [d.id, d.attempts]),
    // The clock runs with real time; a refused advance would have moved it a whole day.
    clock_days: Math.floor((sandbox.now({ account_id: accountId }) - START) / 86_400_000),
  });
}

/** The console's writes: [label, method, path, JSON body]. */
function writes(
  sandbox: Sandbox,
  fixtures: { keyId: string; requestId: string; deliveryId: string },
): Array<[string, string, string, string | undefined]> {
  const accountId = sandbox.account.account_id;
  return [
    [
      "create a key",
      "POST",
      `/_sandbox/accounts/${accountId}/keys`,
      JSON.stringify({ name: "evil", environment: "live" }),
    ],
    ["edit a key", "PATCH", `/_sandbox/keys/${fixtures.keyId}`, JSON.stringify({ allowed_ips: ["203.0.113.0/24"] })],
    ["disable a key", "PATCH", `/_sandbox/keys/${fixtures.keyId}`, JSON.stringify({ disabled: true })],
    ["revoke a key", "DELETE", `/_sandbox/keys/${fixtures.keyId}`, undefined],
    ["rotate the webhook secret", "POST", `/_sandbox/accounts/${accountId}/webhook-secret/rotate`, undefined],
    ["cancel a request", "POST", `/_sandbox/requests/${fixtures.requestId}/cancel`, undefined],
    ["redeliver a webhook", "POST", `/_sandbox/webhooks/${fixtures.deliveryId}/redeliver`, undefined],
    ["create an account", "POST", "/_sandbox/accounts", "{}"],
    ["advance the clock", "POST", "/_sandbox/clock/advance", JSON.stringify({ ms: 86_400_000, account_id: accountId })],
    ["reset the sandbox", "POST", "/_sandbox/reset", JSON.stringify({ all: true })],
  ];
}

async function prepare(sandbox: Sandbox, base: string) {
  const accountId = sandbox.account.account_id;
  const keyId = sandbox.createKey(accountId, { name: "target", environment: "test" }).id;
  const submit = (key: string, extra: Record<string, unknown> = {}) =>
    sandbox.fetch(`${base}/v1/models/nano-banana-2`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "x" }, ...extra }),
    });
  const requestId = ((await (await submit(sandbox.keys.live)).json()) as { request_id: string }).request_id;
  await submit(sandbox.keys.test, { webhook_url: "http://127.0.0.1:9/hook" });
  // Wait for the first attempt (port 9 refuses it at once): the retry is 10 s away, so the
  // delivery's attempt count stays still while the writes are refused. A fixed short sleep raced
  // the attempt on a loaded machine, and the observation then changed under the test.
  for (let waited = 0; (sandbox.webhookDeliveries()[0]?.attempts ?? 0) < 1 && waited < 5_000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const deliveryId = sandbox.webhookDeliveries()[0]!.id;
  return { keyId, requestId, deliveryId };
}

const FOREIGN = ["https://evil.example", "http://127.0.0.1:1", "null", "http://127.0.0.1.evil.example:4010"];

function suite(name: string, setup: () => Promise<Target>, teardown: () => Promise<void>) {
  describe(name, () => {
    let target: Target;
    let fixtures: Awaited<ReturnType<typeof prepare>>;
    beforeAll(async () => {
      target = await setup();
      fixtures = await prepare(target.sandbox, new URL(target.ownOrigins[0]!).origin);
    });
    afterAll(teardown);

    it.each(FOREIGN)("refuses every console write from Origin %s, changing nothing", async (origin) => {
      const before = observe(target.sandbox);
      for (const [label, method, path, body] of writes(target.sandbox, fixtures)) {
        const headers: Record<string, string> = {
          origin,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        };
        const response = await target.send(method, path, headers, body);
        expect(response.status, `${label}: ${method} ${path}`).toBe(403);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("origin_not_allowed");
        expect(response.headers.get("access-control-allow-origin")).toBeNull();
      }
      expect(observe(target.sandbox)).toBe(before);
    });

    it("refuses a browser form post from elsewhere (urlencoded and text/plain bodies)", async () => {
      const before = observe(target.sandbox);
      const accountId = target.sandbox.account.account_id;
      for (const [type, body] of [
        ["application/x-www-form-urlencoded", "name=evil&environment=live"],
        ["text/plain", '{"name":"evil","environment":"live","x":"="}'],
        ["multipart/form-data; boundary=b", '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nevil\r\n--b--'],
      ] as const) {
        const create = await target.send(
          "POST",
          `/_sandbox/accounts/${accountId}/keys`,
          { origin: "https://evil.example", "content-type": type },
          body,
        );
        expect(create.status).toBe(403);
        const rotate = await target.send(
          "POST",
          `/_sandbox/accounts/${accountId}/webhook-secret/rotate`,
          { origin: "https://evil.example", "content-type": type },
          body,
        );
        expect(rotate.status).toBe(403);
      }
      expect(observe(target.sandbox)).toBe(before);
    });

    it("refuses a CORS preflight from elsewhere", async () => {
      const response = await target.send("OPTIONS", `/_sandbox/keys/${fixtures.keyId}`, {
        origin: "https://evil.example",
        "access-control-request-method": "DELETE",
      });
      expect(response.status).toBe(403);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("accepts the same writes from the sandbox's own origin (the console)", async () => {
      const accountId = target.sandbox.account.account_id;
      for (const origin of target.ownOrigins) {
        const created = await target.send(
          "POST",
          `/_sandbox/accounts/${accountId}/keys`,
          { origin, "content-type": "application/json" },
          JSON.stringify({ name: `own ${origin}`, environment: "test", scopes: ["read"] }),
        );
        expect(created.status, origin).toBe(201);
        const { id } = (await created.json()) as { id: string };
        const revoked = await target.send("DELETE", `/_sandbox/keys/${id}`, { origin });
        expect(revoked.status).toBe(200);
        expect(target.sandbox.listKeys(accountId).find((key) => key.id === id)?.status).toBe("revoked");
      }
      const rotated = await target.send("POST", `/_sandbox/accounts/${accountId}/webhook-secret/rotate`, {
        origin: target.ownOrigins[0]!,
      });
      expect(rotated.status).toBe(200);
      expect(((await rotated.json()) as { webhook_secret: string }).webhook_secret).toBe(target.sandbox.webhookSecret);
    });
  });
}

let server: Awaited<ReturnType<typeof startSandboxServer>>;
suite(
  "over HTTP (the sandbox server)",
  async () => {
    server = await startSandboxServer({ port: 0 });
    const port = new URL(server.url).port;
    return {
      sandbox: server.sandbox,
      send: (method, path, headers, body) =>
        fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }),
      ownOrigins: [server.url, `http://localhost:${port}`],
    };
  },
  () => server.close(),
);

suite(
  "in process (sandbox.fetch, as under MSW)",
  async () => {
    const sandbox = createSandbox({ baseUrl: "http://127.0.0.1:4010" });
    return {
      sandbox,
      send: (method, path, headers, body) =>
        sandbox.fetch(`http://127.0.0.1:4010${path}`, { method, headers, ...(body === undefined ? {} : { body }) }),
      ownOrigins: ["http://127.0.0.1:4010", "http://localhost:4010"],
    };
  },
  async () => {},
);
