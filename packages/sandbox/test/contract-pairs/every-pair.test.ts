import { contractCoverage, coveredPairs, withContract } from "@clipia/contract";
import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { beforeAll, describe, expect, it } from "vitest";

// Produces every documented operation × status of openapi.yaml and sandbox.openapi.yaml through
// `withContract(sandbox.fetch)`, so each answer is validated against its schema and recorded for
// the run's contract coverage. The last test fails when the contract documents a pair that no
// case here produces. 429 / 500 / 503 come from injected faults; the control plane (which faults
// never touch) answers 500 when the request body stream breaks.

const BASE = "https://api.clipia.ai";
const OTHER_IP = "203.0.113.9";
const BIG = JSON.stringify({ pad: "x".repeat(1024 * 1024) });

interface Fixtures {
  sandbox: Sandbox;
  fetch: Sandbox["fetch"];
  admin: string;
  live: string;
  /** A live key that only 10.0.0.0/8 may use. */
  fenced: string;
  fencedAdminTarget: string;
  liveGeneration: string;
  testGeneration: string;
  keyId: string;
  revokedKeyId: string;
}

interface Send {
  method?: string;
  path: string;
  key?: string;
  body?: unknown;
  rawBody?: string | ReadableStream<Uint8Array>;
  contentType?: string;
  headers?: Record<string, string>;
  clientIp?: string;
}

async function send(f: Fixtures, options: Send): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.key !== undefined) headers.set("authorization", `Bearer ${options.key}`);
  let body: string | ReadableStream<Uint8Array> | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers.set("content-type", options.contentType ?? "application/json");
  const method = options.method ?? (body === undefined ? "GET" : "POST");
  const init: RequestInit & { duplex?: "half" } = { method, headers };
  if (body !== undefined) {
    init.body = body;
    if (typeof body !== "string") init.duplex = "half";
  }
  const request = new Request(`${BASE}${options.path}`, init);
  return f.fetch(request, options.clientIp === undefined ? undefined : { clientIp: options.clientIp });
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

async function json(response: Response) {
  return (await response.json()) as Record<string, any>;
}

async function setup(): Promise<Fixtures> {
  const sandbox = createSandbox({ seed: 5, fetch: async () => new Response(null, { status: 204 }) });
  const f = { sandbox, fetch: withContract(sandbox.fetch) } as Fixtures;
  f.admin = sandbox.keys.admin;
  f.live = sandbox.keys.live;
  const fenced = await json(await send(f, { path: "/v1/keys", key: f.admin, body: { name: "fenced", environment: "live", allowed_ips: ["10.0.0.0/8"] } }));
  f.fenced = fenced.secret;
  f.fencedAdminTarget = fenced.id;
  const key = await json(await send(f, { path: "/v1/keys", key: f.admin, body: { name: "target", environment: "live" } }));
  f.keyId = key.id;
  const revoked = await json(await send(f, { path: "/v1/keys", key: f.admin, body: { name: "gone", environment: "test" } }));
  await send(f, { method: "DELETE", path: `/v1/keys/${revoked.id}`, key: f.admin });
  f.revokedKeyId = revoked.id;
  f.liveGeneration = (await json(await send(f, { path: "/v1/models/clipia-image-1", key: f.live, body: { input: { prompt: "a" } } }))).id;
  f.testGeneration = (await json(await send(f, { path: "/v1/models/clipia-image-1", key: sandbox.keys.test, body: { input: { prompt: "a" } } }))).id;
  return f;
}

interface Operation {
  id: string;
  method: string;
  path: (f: Fixtures) => string;
  /** The credential that succeeds (omitted on the control plane). */
  key?: (f: Fixtures) => string;
  /** A body that succeeds (POST / PATCH). */
  body?: (f: Fixtures) => unknown;
  success: number;
}

const admin = (f: Fixtures) => f.admin;
const live = (f: Fixtures) => f.live;
const OPERATIONS: Operation[] = [
  { id: "getAccount", method: "GET", path: () => "/v1/account", key: live, success: 200 },
  { id: "listModels", method: "GET", path: () => "/v1/models", key: live, success: 200 },
  { id: "retrieveModel", method: "GET", path: () => "/v1/models/clipia-video-1", key: live, success: 200 },
  { id: "createGeneration", method: "POST", path: () => "/v1/models/clipia-image-1", key: live, body: () => ({ input: { prompt: "b" } }), success: 202 },
  { id: "listGenerations", method: "GET", path: () => "/v1/generations", key: live, success: 200 },
  { id: "retrieveGeneration", method: "GET", path: (f) => `/v1/generations/${f.liveGeneration}`, key: live, success: 200 },
  { id: "cancelGeneration", method: "POST", path: (f) => `/v1/generations/${f.liveGeneration}/cancel`, key: live, body: () => ({}), success: 200 },
  { id: "createKey", method: "POST", path: () => "/v1/keys", key: admin, body: () => ({ name: "n", environment: "test" }), success: 201 },
  { id: "listKeys", method: "GET", path: () => "/v1/keys", key: admin, success: 200 },
  { id: "retrieveKey", method: "GET", path: (f) => `/v1/keys/${f.keyId}`, key: admin, success: 200 },
  { id: "updateKey", method: "PATCH", path: (f) => `/v1/keys/${f.keyId}`, key: admin, body: () => ({ name: "renamed" }), success: 200 },
  { id: "revokeKey", method: "DELETE", path: (f) => `/v1/keys/${f.keyId}`, key: admin, success: 200 },
  { id: "rollKey", method: "POST", path: (f) => `/v1/keys/${f.fencedAdminTarget}/roll`, key: admin, body: () => ({}), success: 201 },
  { id: "createSandboxAccount", method: "POST", path: () => "/_sandbox/accounts", body: () => ({ balance_credits: 5 }), success: 201 },
  { id: "advanceSandboxClock", method: "POST", path: () => "/_sandbox/clock/advance", body: () => ({ ms: 1 }), success: 200 },
  { id: "injectSandboxFault", method: "POST", path: () => "/_sandbox/faults", body: () => ({ path: "/v1/never", status: 503 }), success: 201 },
  { id: "resetSandbox", method: "POST", path: () => "/_sandbox/reset", success: 200 },
];

const isControlPlane = (op: Operation) => op.key === undefined;
const base = (f: Fixtures, op: Operation): Send => ({
  method: op.method,
  path: op.path(f),
  ...(op.key ? { key: op.key(f) } : {}),
  ...(op.body ? { body: op.body(f) } : {}),
});

/** How to make an operation answer each status (given the request that succeeds). */
const PRODUCERS: Record<string, (f: Fixtures, op: Operation) => Promise<Response>> = {
  success: (f, op) => send(f, base(f, op)),
  400: (f, op) => {
    if (isControlPlane(op)) return send(f, { ...base(f, op), body: undefined, rawBody: "{not json" });
    // Both credential headers, with different keys.
    return send(f, { ...base(f, op), headers: { "x-api-key": op.key!(f) === f.admin ? f.live : f.admin } });
  },
  401: (f, op) => send(f, { ...base(f, op), key: undefined }),
  402: async (f, op) => {
    const poor = f.sandbox.createAccount({ balance_credits: 1 });
    return send(f, { ...base(f, op), key: poor.keys.live });
  },
  403: (f, op) => {
    // An API key where an admin key is required, or a key used from outside its allowed_ips.
    if (op.key === admin) return send(f, { ...base(f, op), key: f.live });
    return send(f, { ...base(f, op), key: f.fenced, clientIp: OTHER_IP });
  },
  404: (f, op) => {
    const path = op.path(f).replace(/(gen|key)_[0-9A-Za-z]+/, "$1_doesnotexist").replace("clipia-video-1", "no-such-model").replace("clipia-image-1", "no-such-model");
    return send(f, { ...base(f, op), path });
  },
  409: async (f, op) => {
    if (op.id === "updateKey" || op.id === "rollKey") {
      return send(f, { ...base(f, op), path: op.path(f).replace(/key_[0-9A-Za-z]+/, f.revokedKeyId) });
    }
    // The same Idempotency-Key with another body.
    const headers = { "idempotency-key": `reuse-${op.id}` };
    await send(f, { ...base(f, op), headers });
    const other = op.id === "createKey" ? { name: "other", environment: "test" } : { input: { prompt: "other" } };
    return send(f, { ...base(f, op), body: op.id === "cancelGeneration" ? { x: 1 } : other, headers });
  },
  413: (f, op) => send(f, { ...base(f, op), body: undefined, rawBody: BIG }),
  415: (f, op) => send(f, { ...base(f, op), body: undefined, rawBody: "balance=5", contentType: "application/x-www-form-urlencoded" }),
  429: (f, op) => {
    f.sandbox.injectFault({ method: op.method, path: op.path(f), status: 429, retry_after: 2 });
    return send(f, base(f, op));
  },
  500: (f, op) => {
    if (isControlPlane(op)) return send(f, { ...base(f, op), body: undefined, rawBody: brokenBody() });
    f.sandbox.injectFault({ method: op.method, path: op.path(f), status: 500 });
    return send(f, base(f, op));
  },
  503: (f, op) => {
    f.sandbox.injectFault({ method: op.method, path: op.path(f), status: 503, phase: "after" });
    return send(f, base(f, op));
  },
};

describe("every documented operation × status, produced by the sandbox", () => {
  let f: Fixtures;
  beforeAll(async () => {
    f = await setup();
  });

  const documented = contractCoverage([]).filter((entry) => !entry.operationId.startsWith("("));
  for (const op of OPERATIONS) {
    const statuses = documented.filter((entry) => entry.operationId === op.id).map((entry) => entry.status);
    for (const status of statuses) {
      it(`${op.id} ${status}`, async () => {
        const isSuccess = Number(status) < 300;
        if (op.id === "resetSandbox" || isSuccess) f = await setup();
        if (op.id === "cancelGeneration" && status === "409") {
          await send(f, base(f, op)); // canceled now: a second cancel is a 409
          const response = await send(f, base(f, op));
          expect(response.status).toBe(409);
          return;
        }
        const produce = PRODUCERS[isSuccess ? "success" : status];
        if (!produce) throw new Error(`no producer for ${op.id} ${status}`);
        const response = await produce(f, op);
        if (isSuccess && op.id === "createGeneration" && status === "200") {
          const test = await send(f, { ...base(f, op), key: f.sandbox.keys.test });
          expect(test.status).toBe(200);
          return;
        }
        expect(response.status).toBe(isSuccess ? op.success : Number(status));
      });
    }
  }

  it("an unknown path is a 404 and an undocumented method a 405", async () => {
    expect((await send(f, { path: "/v2/nothing" })).status).toBe(404);
    expect((await send(f, { method: "PUT", path: "/v1/account", key: f.live })).status).toBe(405);
  });

  it("covered every documented pair in this file alone", () => {
    const missing = contractCoverage(coveredPairs()).filter((entry) => !entry.covered);
    expect(missing.map((entry) => `${entry.operationId} ${entry.status}`)).toEqual([]);
  });
});
