import { contractCoverage, coveredPairs, loadContract, contractFetch } from "@clipia/contract";
import { request as httpRequest } from "node:http";
import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import { beforeAll, describe, expect, it } from "vitest";

// Produces every documented operation × status of openapi.yaml and sandbox.openapi.yaml through
// `contractFetch(sandbox.fetch)`, so each answer is validated against its schema and recorded for
// the run's contract coverage (`pnpm test:coverage-contract` must reach 100 %). The last test
// fails when the contract documents a pair that no producer here makes. Statuses come from real
// causes where one exists (a read-only key, a poor account, a 1-per-minute key); 500 and 503 come
// from injected faults, and on the control plane (which faults never touch) from a request body
// stream that breaks half-way.

const BASE = "https://api.clipia.ai";
const BIG = JSON.stringify({ input: { prompt: "x".repeat(1024 * 1024) } });
const UNKNOWN_REQUEST = "00000000-0000-4000-8000-000000000000";
const CHAT = { model: "claude-opus-4-8", messages: [{ role: "user", content: "Hello" }] };

interface Fixtures {
  sandbox: Sandbox;
  fetch: (request: Request) => Promise<Response>;
  accountId: string;
  otherAccountId: string;
  live: string;
  test: string;
  readOnly: string;
  liveRequest: string;
  testRequest: string;
  keyId: string;
  deliveryId: string;
  chatId: string;
}

interface Send {
  method?: string;
  path: string;
  key?: string;
  body?: unknown;
  rawBody?: string | ReadableStream<Uint8Array>;
  contentType?: string;
  headers?: Record<string, string>;
}

async function send(f: Fixtures, options: Send): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.key !== undefined) headers.set("authorization", `Bearer ${options.key}`);
  let body: string | ReadableStream<Uint8Array> | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers.set("content-type", options.contentType ?? "application/json");
  const init: RequestInit & { duplex?: "half" } = {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
  };
  if (body !== undefined) {
    init.body = body;
    if (typeof body !== "string") init.duplex = "half";
  }
  return f.fetch(new Request(`${BASE}${options.path}`, init));
}

/** A GET over HTTP, through a server holding the fixtures' store on 127.0.0.1, addressed to `Host: evil.example`. */
async function sendWithForeignHost(f: Fixtures, path: string): Promise<Response> {
  const server = await startSandboxServer({ port: 0 });
  server.sandbox.restore(f.sandbox.snapshot());
  const { port } = new URL(server.url);
  try {
    const viaHttp = contractFetch(
      (request: Request) =>
        new Promise<Response>((resolve, reject) => {
          const url = new URL(request.url);
          const outgoing = httpRequest(
            { host: "127.0.0.1", port, path: url.pathname + url.search, headers: { host: `evil.example:${port}` } },
            (incoming) => {
              const chunks: Buffer[] = [];
              incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
              incoming.on("end", () => {
                const headers = new Headers();
                for (const [name, value] of Object.entries(incoming.headers))
                  if (typeof value === "string") headers.set(name, value);
                resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode ?? 0, headers }));
              });
            },
          );
          outgoing.on("error", reject);
          outgoing.end();
        }),
    );
    return await viaHttp(new Request(`${BASE}${path}`));
  } finally {
    await server.close();
  }
}

/** A request body that fails half-way, as when a client drops the upload. */
function brokenBody(): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (sent) controller.error(new Error("upload dropped"));
      else controller.enqueue(new TextEncoder().encode('{"balance'));
      sent = true;
    },
  });
}

async function submit(
  f: Fixtures,
  key: string,
  model = "nano-banana-2",
  extra: Record<string, unknown> = {},
): Promise<any> {
  const response = await send(f, { path: `/v1/models/${model}`, key, body: { input: { prompt: "a" }, ...extra } });
  return response.json();
}

/** A fresh sandbox with one account in every useful state; webhooks go to a local no-op fetch. */
async function setup(): Promise<Fixtures> {
  const sandbox = createSandbox({ seed: 5, fetch: async () => new Response(null, { status: 204 }) });
  const account = sandbox.createAccount({ balance_credits: 1000 });
  const f = {
    sandbox,
    fetch: contractFetch((request: Request) => sandbox.fetch(request)),
    accountId: account.account.account_id,
    otherAccountId: sandbox.createAccount().account.account_id,
    live: account.keys.live,
    test: account.keys.test,
    readOnly: account.keys.test_read_only,
  } as Fixtures;
  f.keyId = sandbox.createKey(f.accountId, { name: "target", environment: "live" }).id;
  f.liveRequest = (await submit(f, f.live)).request_id;
  f.chatId = (
    (await (await send(f, { path: "/v1/chat/completions", key: f.live, body: CHAT })).json()) as { id: string }
  ).id;
  f.testRequest = (await submit(f, f.test, "nano-banana-2", { webhook_url: "http://127.0.0.1:9/hook" })).request_id;
  await new Promise((done) => setTimeout(done, 10));
  f.deliveryId =
    (sandbox.webhookDeliveries({ account_id: f.accountId })[0] as { id: string } | undefined)?.id ?? "whd_missing";
  return f;
}

/** The request that succeeds, per documented `METHOD path`; `key` omitted on the control plane. */
interface Operation {
  path: (f: Fixtures) => string;
  key?: (f: Fixtures) => string;
  body?: (f: Fixtures) => unknown;
  /** Path with an id nobody has (404). */
  missing?: (f: Fixtures) => string;
  /** Body naming an account nobody has (404). */
  missingBody?: (f: Fixtures) => unknown;
}

const live = (f: Fixtures) => f.live;
const OPERATIONS: Record<string, Operation> = {
  "POST /v1/models/{model}": {
    path: () => "/v1/models/nano-banana-2",
    key: live,
    body: () => ({ input: { prompt: "b" } }),
    missing: () => "/v1/models/no-such-model",
  },
  "GET /v1/models/{model}": { path: () => "/v1/models/kling-3", key: live, missing: () => "/v1/models/no-such-model" },
  "POST /v1/models/{model}/estimate": {
    path: () => "/v1/models/kling-3/estimate",
    key: live,
    body: () => ({ input: { prompt: "b" } }),
    missing: () => "/v1/models/no-such-model/estimate",
  },
  "GET /v1/models": { path: () => "/v1/models", key: live },
  "GET /v1/requests/{request_id}/status": {
    path: (f) => `/v1/requests/${f.liveRequest}/status`,
    key: live,
    missing: () => `/v1/requests/${UNKNOWN_REQUEST}/status`,
  },
  "GET /v1/requests/{request_id}": {
    path: (f) => `/v1/requests/${f.testRequest}`,
    key: (f) => f.test,
    missing: () => `/v1/requests/${UNKNOWN_REQUEST}`,
  },
  "GET /v1/account": { path: () => "/v1/account", key: live },
  "GET /v1/key": { path: () => "/v1/key", key: live },
  "POST /v1/chat/completions": {
    path: () => "/v1/chat/completions",
    key: live,
    body: () => CHAT,
    missingBody: () => ({ ...CHAT, model: "no-such-model" }),
  },
  "GET /v1/generation": {
    path: (f) => `/v1/generation?id=${f.chatId}`,
    key: live,
    missing: () => "/v1/generation?id=chatcmpl-000000000000",
  },
  // The control plane (sandbox.openapi.yaml).
  "POST /_sandbox/accounts": { path: () => "/_sandbox/accounts", body: () => ({ balance_credits: 5 }) },
  "GET /_sandbox/accounts": { path: () => "/_sandbox/accounts" },
  "PATCH /_sandbox/accounts/{account_id}": {
    path: (f) => `/_sandbox/accounts/${f.accountId}`,
    body: () => ({ subscription: "none" }),
    missing: () => "/_sandbox/accounts/acc_nope",
  },
  "POST /_sandbox/accounts/{account_id}/keys": {
    path: (f) => `/_sandbox/accounts/${f.accountId}/keys`,
    body: () => ({ name: "n", environment: "test" }),
    missing: () => "/_sandbox/accounts/acct_nope/keys",
  },
  "GET /_sandbox/accounts/{account_id}/keys": {
    path: (f) => `/_sandbox/accounts/${f.accountId}/keys`,
    missing: () => "/_sandbox/accounts/acct_nope/keys",
  },
  "GET /_sandbox/accounts/{account_id}/requests": {
    path: (f) => `/_sandbox/accounts/${f.accountId}/requests`,
    missing: () => "/_sandbox/accounts/acct_nope/requests",
  },
  "GET /_sandbox/accounts/{account_id}/logs": {
    path: (f) => `/_sandbox/accounts/${f.accountId}/logs?status=2xx&limit=5`,
    missing: () => "/_sandbox/accounts/acct_nope/logs",
  },
  "GET /_sandbox/accounts/{account_id}/chats": {
    path: (f) => `/_sandbox/accounts/${f.accountId}/chats`,
    missing: () => "/_sandbox/accounts/acct_nope/chats",
  },
  "GET /_sandbox/accounts/{account_id}/usage": {
    path: (f) => `/_sandbox/accounts/${f.accountId}/usage`,
    missing: () => "/_sandbox/accounts/acct_nope/usage",
  },
  "POST /_sandbox/accounts/{account_id}/webhook-secret/rotate": {
    path: (f) => `/_sandbox/accounts/${f.accountId}/webhook-secret/rotate`,
    missing: () => "/_sandbox/accounts/acct_nope/webhook-secret/rotate",
  },
  "PATCH /_sandbox/keys/{key_id}": {
    path: (f) => `/_sandbox/keys/${f.keyId}`,
    body: () => ({ name: "renamed" }),
    missing: () => "/_sandbox/keys/key_nope",
  },
  "DELETE /_sandbox/keys/{key_id}": {
    path: (f) => `/_sandbox/keys/${f.keyId}`,
    missing: () => "/_sandbox/keys/key_nope",
  },
  "GET /_sandbox/clock": {
    path: (f) => `/_sandbox/clock?account_id=${f.accountId}`,
    missing: () => "/_sandbox/clock?account_id=acct_nope",
  },
  "POST /_sandbox/clock/advance": {
    path: () => "/_sandbox/clock/advance",
    body: (f) => ({ ms: 1, account_id: f.accountId }),
    missingBody: () => ({ ms: 1, account_id: "acc_nope" }),
  },
  "POST /_sandbox/faults": {
    path: () => "/_sandbox/faults",
    body: (f) => ({ path: "/v1/never", status: 503, account_id: f.accountId }),
  },
  "POST /_sandbox/outcomes": {
    path: () => "/_sandbox/outcomes",
    body: (f) => ({ outcome: "FAILED", account_id: f.accountId }),
  },
  "POST /_sandbox/chat/replies": {
    path: () => "/_sandbox/chat/replies",
    body: (f) => ({ account_id: f.accountId, replies: [{ content: "scripted" }] }),
  },
  "POST /_sandbox/requests/{request_id}/cancel": {
    path: (f) => `/_sandbox/requests/${f.liveRequest}/cancel`,
    missing: () => `/_sandbox/requests/${UNKNOWN_REQUEST}/cancel`,
  },
  "GET /_sandbox/webhooks": {
    path: (f) => `/_sandbox/webhooks?account_id=${f.accountId}`,
    missing: () => "/_sandbox/webhooks?account_id=acc_nope",
  },
  "POST /_sandbox/webhooks/{delivery_id}/redeliver": {
    path: (f) => `/_sandbox/webhooks/${f.deliveryId}/redeliver`,
    missing: () => "/_sandbox/webhooks/whd_nope/redeliver",
  },
  "POST /_sandbox/reset": {
    path: () => "/_sandbox/reset",
    body: (f) => ({ account_id: f.accountId }),
    missingBody: () => ({ account_id: "acc_nope" }),
  },
  "GET /_sandbox/console": { path: () => "/_sandbox/console" },
  "GET /_sandbox/models": { path: () => "/_sandbox/models" },
  "GET /_sandbox/console/app.js": { path: () => "/_sandbox/console/app.js" },
  "GET /_sandbox/console/app.css": { path: () => "/_sandbox/console/app.css" },
  "GET /media/{kind}/{file}": { path: () => "/media/image/1024x576.png", missing: () => "/media/image/nope.png" },
};

const method = (label: string) => label.split(" ")[0]!;
const base = (f: Fixtures, label: string, op: Operation): Send => ({
  method: method(label),
  path: op.path(f),
  ...(op.key ? { key: op.key(f) } : {}),
  ...(op.body ? { body: op.body(f) } : {}),
});
const pathOnly = (path: string) => path.split("?")[0]!;

/** How to make an operation answer each status, given the request that succeeds. */
const PRODUCERS: Record<string, (f: Fixtures, label: string, op: Operation) => Promise<Response>> = {
  success: (f, label, op) => send(f, base(f, label, op)),
  202: (f, label, op) => send(f, { ...base(f, label, op), path: `/v1/requests/${f.liveRequest}`, key: f.live }),
  400: async (f, label, op) => {
    if (label === "POST /_sandbox/webhooks/{delivery_id}/redeliver") {
      // A delivery never sent (a URL off the machine, and no fetch given): it stays unsent.
      const plain = createSandbox({ seed: 6 });
      const g = { ...f, sandbox: plain, fetch: contractFetch((request: Request) => plain.fetch(request)) };
      await submit(g, plain.keys.test, "nano-banana-2", { webhook_url: "https://hooks.example.com/x" });
      const unsent = plain.webhookDeliveries()[0]!;
      return send(g, { method: "POST", path: `/_sandbox/webhooks/${unsent.id}/redeliver` });
    }
    // A control-plane read refuses an unknown query parameter (one spelling, SPEC §5.4).
    if (!op.key && method(label) === "GET")
      return send(f, { ...base(f, label, op), path: `${pathOnly(op.path(f))}?accountId=${f.accountId}` });
    if (!op.key)
      return send(f, {
        ...base(f, label, op),
        method: method(label) === "GET" ? "POST" : method(label),
        body: undefined,
        rawBody: "{not json",
      }).then((r) => (r.status === 400 ? r : send(f, { ...base(f, label, op), body: { not_a_field: 1 } })));
    // Authorization and X-Api-Key with two different keys.
    return send(f, { ...base(f, label, op), headers: { "x-api-key": op.key(f) === f.test ? f.live : f.test } });
  },
  401: (f, label, op) => send(f, { ...base(f, label, op), key: undefined }),
  402: (f, label, op) =>
    send(f, { ...base(f, label, op), key: f.sandbox.createAccount({ balance_credits: 0 }).keys.live }),
  403: (f, label, op) => {
    // A control-plane read is refused only behind the server, to a foreign Host (DNS rebinding).
    if (!op.key && method(label) === "GET") return sendWithForeignHost(f, op.path(f));
    if (!op.key) return send(f, { ...base(f, label, op), headers: { origin: "https://evil.example" } });
    return send(f, { ...base(f, label, op), key: f.readOnly });
  },
  404: (f, label, op) =>
    op.missingBody
      ? send(f, { ...base(f, label, op), body: op.missingBody(f) })
      : send(f, { ...base(f, label, op), path: op.missing!(f) }),
  409: async (f, label, op) => {
    // A console cancel of a request that already ended.
    if (label.startsWith("POST /_sandbox/requests/"))
      return send(f, { ...base(f, label, op), path: `/_sandbox/requests/${f.testRequest}/cancel` });
    const headers = { "idempotency-key": `reuse-${label}` };
    await send(f, { ...base(f, label, op), headers });
    return send(f, { ...base(f, label, op), body: { input: { prompt: "other" } }, headers });
  },
  413: (f, label, op) => send(f, { ...base(f, label, op), body: undefined, rawBody: BIG }),
  415: (f, label, op) =>
    send(f, {
      ...base(f, label, op),
      body: undefined,
      rawBody: "balance=5",
      contentType: "application/x-www-form-urlencoded",
    }),
  422: (f, label, op) => send(f, { ...base(f, label, op), body: { input: { prompt: 42 } } }),
  429: async (f, label, op) => {
    if (!op.key) return send(f, base(f, label, op));
    const key = f.sandbox.createKey(f.accountId, {
      name: "slow",
      environment: "test",
      rate_limit: { requests: 1, interval: "1m" },
    }).secret;
    await send(f, { ...base(f, label, op), key });
    return send(f, { ...base(f, label, op), key });
  },
  500: (f, label, op) => {
    if (!op.key)
      return send(f, {
        ...base(f, label, op),
        method: method(label) === "GET" ? "POST" : method(label),
        body: undefined,
        rawBody: brokenBody(),
      });
    f.sandbox.injectFault({ method: method(label), path: pathOnly(op.path(f)), status: 500, account_id: f.accountId });
    return send(f, base(f, label, op));
  },
  503: (f, label, op) => {
    f.sandbox.injectFault({ method: method(label), path: pathOnly(op.path(f)), status: 503, account_id: f.accountId });
    return send(f, base(f, label, op));
  },
};

describe("every documented operation × status, produced by the sandbox", () => {
  let f: Fixtures;
  beforeAll(async () => {
    f = await setup();
  });

  for (const operation of loadContract().operations) {
    const label = `${operation.method} ${operation.path}`;
    for (const status of operation.statuses) {
      it(`${operation.operationId} (${label}) ${status}`, async () => {
        const op = OPERATIONS[label];
        if (!op) throw new Error(`no success request for ${label}: add it to OPERATIONS`);
        const isSuccess = Number(status) < 300;
        f = await setup();
        const produce = PRODUCERS[isSuccess && status !== "202" ? "success" : status];
        if (!produce) throw new Error(`no producer for ${label} ${status}`);
        const response = await produce(f, label, op);
        expect(response.status, await response.clone().text()).toBe(Number(status));
      });
    }
  }

  it("an unknown path is a 404, an undocumented method a 405, a key policy a sandbox 403", async () => {
    expect((await send(f, { path: "/v2/nothing" })).status).toBe(404);
    expect((await send(f, { method: "PUT", path: "/v1/account", key: f.live })).status).toBe(405);
    const narrow = f.sandbox.createKey(f.accountId, {
      name: "narrow",
      environment: "test",
      model_access: { mode: "include", models: ["kling-3"] },
    }).secret;
    expect(
      (await send(f, { path: "/v1/models/nano-banana-2", key: narrow, body: { input: { prompt: "a" } } })).status,
    ).toBe(403);
  });

  it("covered every documented pair in this file alone", () => {
    const missing = contractCoverage(coveredPairs()).filter((entry) => !entry.covered);
    expect(missing.map((entry) => `${entry.operationId} ${entry.status}`)).toEqual([]);
  });
});
