import { validateResponse } from "@clipia/contract";
import { createSandbox, type Sandbox, type SandboxSnapshot } from "@clipia/sandbox";
import type { FuzzRequest, IdRef, KeyRef, KeyValue } from "./arbitraries.js";

const BASE = "https://api.clipia.ai";
const HUGE = JSON.stringify({ input: { prompt: "x".repeat(1024 * 1024) } });
const FULL_KEY = /clipia_(?:live|test|admin)_[0-9A-Za-z]{36}/;
/** Webhooks go nowhere: the fuzz sends no traffic off the process. */
const noWebhooks = async () => new Response(null, { status: 204 });

/** The state every run starts from: keys with each setting, generations, a second account. */
export interface Fixtures {
  snapshot: SandboxSnapshot;
  keys: Record<KeyRef, string>;
  ids: Record<IdRef, string>;
}

async function call(sandbox: Sandbox, method: string, path: string, key?: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await sandbox.fetch(new Request(`${BASE}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
  const json = (await response.json()) as Record<string, any>;
  if (response.status >= 300) throw new Error(`fixture ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Builds the fixtures once (sandbox seed 42); each run restores their snapshot. */
export async function buildFixtures(): Promise<Fixtures> {
  const sandbox = createSandbox({ seed: 42, fetch: noWebhooks });
  const { admin, live, test, test_read_only } = sandbox.keys;
  const key = (body: Record<string, unknown>) => call(sandbox, "POST", "/v1/keys", admin, { name: "fixture", environment: "live", ...body });
  const limited = await key({ credit_limit: 30 });
  const fenced = await key({ allowed_ips: ["10.0.0.0/8"] });
  const disabled = await key({});
  await call(sandbox, "PATCH", `/v1/keys/${disabled.id}`, admin, { disabled: true });
  const revoked = await key({ environment: "test" });
  await call(sandbox, "DELETE", `/v1/keys/${revoked.id}`, admin);
  const readOnlyLive = await key({ scopes: ["read"] });
  const includeImage = await key({ model_access: { mode: "include", models: ["clipia-image-1"] } });
  const poor = sandbox.createAccount({ balance_credits: 15 });
  const other = sandbox.createAccount();
  const otherKey = await call(sandbox, "POST", "/v1/keys", other.keys.admin, { name: "other", environment: "live" });
  const generate = (k: string, prompt: string) => call(sandbox, "POST", "/v1/models/clipia-image-1", k, { input: { prompt } });
  const genLive = await generate(live, "fixture");
  const genTest = await generate(test, "fixture");
  const genSlow = await generate(live, "sandbox:slow");
  const genOther = await generate(other.keys.live, "fixture");
  const keyList = await call(sandbox, "GET", "/v1/keys?environment=live&limit=100", admin);
  const liveDefault = (keyList.data as Array<{ id: string; name: string }>).find((k) => !["fixture"].includes(k.name));
  return {
    snapshot: sandbox.snapshot(),
    keys: {
      admin, live, test, test_read_only,
      limited: limited.secret, fenced: fenced.secret, disabled: disabled.secret, revoked: revoked.secret,
      read_only_live: readOnlyLive.secret, include_image: includeImage.secret, poor_live: poor.keys.live,
      other_admin: other.keys.admin, other_live: other.keys.live,
    },
    ids: {
      gen_live: genLive.id, gen_test: genTest.id, gen_slow: genSlow.id, gen_other: genOther.id,
      key_limited: limited.id, key_revoked: revoked.id, key_other: otherKey.id, key_live_default: liveDefault?.id ?? "key_missing",
    },
  };
}

function resolveKey(value: KeyValue, fixtures: Fixtures): string {
  if ("literal" in value) return value.literal;
  const key = fixtures.keys[value.ref];
  switch (value.mutate) {
    case "truncate":
      return key.slice(0, -1);
    case "flip": {
      const i = Math.floor(key.length * 0.75);
      return key.slice(0, i) + (key[i] === "a" ? "b" : "a") + key.slice(i + 1);
    }
    case "suffix":
      return `${key}x`;
    case "lower":
      return key.toLowerCase();
    default:
      return key;
  }
}

/** Turns a generated request into a real `Request`. */
export function toRequest(spec: FuzzRequest, fixtures: Fixtures): Request {
  const path = spec.path.map((s) => (typeof s === "string" ? s : fixtures.ids[s.ref])).join("/");
  const query = spec.query.length === 0 ? "" : `?${new URLSearchParams(spec.query).toString()}`;
  const headers = new Headers();
  const key = spec.auth.key === null ? null : resolveKey(spec.auth.key, fixtures);
  if (spec.auth.scheme !== null) headers.set("authorization", key === null ? spec.auth.scheme : `${spec.auth.scheme} ${key}`);
  if (spec.auth.xApiKey === "same") {
    if (key !== null) headers.set("x-api-key", key);
  } else if (spec.auth.xApiKey !== null) headers.set("x-api-key", resolveKey(spec.auth.xApiKey, fixtures));
  if (spec.idempotencyKey !== null) headers.set("idempotency-key", spec.idempotencyKey);

  let body: string | Uint8Array<ArrayBuffer> | undefined;
  const bodyless = ["GET", "HEAD"].includes(spec.method.toUpperCase());
  const b = spec.body;
  const typed = (text: string, type: string | null) => {
    if (type === null) return new TextEncoder().encode(text);
    headers.set("content-type", type);
    return text;
  };
  if (!bodyless) {
    if (b.kind === "json") body = typed(JSON.stringify(b.value) ?? "null", b.contentType);
    else if (b.kind === "text") body = typed(b.text, b.contentType);
    else if (b.kind === "bytes") body = new TextEncoder().encode(b.text);
    else if (b.kind === "huge") body = typed(HUGE, "application/json");
    else if (b.kind === "deep") body = typed(`{"input":${"[".repeat(b.depth)}${"]".repeat(b.depth)}}`, b.contentType);
  }
  return new Request(`${BASE}/${path}${query}`, { method: spec.method, headers, ...(body === undefined ? {} : { body }) });
}

/** The store without the clock: what a rejected request must leave as it was. */
const storeOf = (sandbox: Sandbox) => JSON.stringify({ ...sandbox.snapshot(), clock: null });

/** What one run saw, for the summary line. */
export interface RunStats {
  requests: number;
  statuses: Map<number, number>;
}

/**
 * Sends a sequence of generated requests to a fresh sandbox restored from the fixtures and
 * checks each answer: no 5xx unless injected, contract-valid, X-Request-Id, no full key in an
 * error, and a rejected request (non-2xx, not a lost-response fault) leaves the store unchanged.
 */
export async function runSequence(specs: FuzzRequest[], fixtures: Fixtures, stats: RunStats): Promise<void> {
  const sandbox = createSandbox({ seed: 42, fetch: noWebhooks });
  sandbox.restore(fixtures.snapshot);
  let faultsArmed = false;
  let lostResponsesArmed = false;
  let networkErrorsArmed = false;

  for (const [index, spec] of specs.entries()) {
    const request = toRequest(spec, fixtures);
    const where = `request #${index} ${request.method} ${request.url}`;
    const before = storeOf(sandbox);
    let response: Response;
    try {
      response = await sandbox.fetch(request, { clientIp: spec.clientIp });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (!(error instanceof TypeError) || code !== "SANDBOX_NETWORK_ERROR" || !networkErrorsArmed) throw new Error(`${where}: fetch rejected`, { cause: error });
      stats.requests++;
      continue;
    }
    stats.requests++;
    stats.statuses.set(response.status, (stats.statuses.get(response.status) ?? 0) + 1);
    const text = await response.text();
    const requestId = response.headers.get("x-request-id");
    if (requestId === null || !/^req_[0-9A-Za-z]+$/.test(requestId)) throw new Error(`${where}: X-Request-Id ${requestId}`);

    if (request.method === "OPTIONS") {
      // CORS preflight: a transport concern the contract does not describe.
      if (response.status !== 204) throw new Error(`${where}: OPTIONS answered ${response.status}`);
      continue;
    }
    const json = text === "" ? undefined : (JSON.parse(text) as { error?: { message?: string }; network_error?: boolean; phase?: string });
    const injected = json?.error?.message?.startsWith("Injected sandbox fault") === true;
    if (response.status >= 500 && !(injected && faultsArmed)) throw new Error(`${where}: ${response.status} ${text.slice(0, 300)}`);
    try {
      validateResponse({ method: request.method, url: request.url, status: response.status, headers: response.headers, body: text });
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}\n${((error as { problems?: string[] }).problems ?? []).join("\n")}`, { cause: error });
    }
    if (response.status >= 400 && FULL_KEY.test(text)) throw new Error(`${where}: an error body carries a full key`);

    const path = new URL(request.url).pathname;
    if (response.status === 201 && path === "/_sandbox/faults") {
      faultsArmed = true;
      if (json?.phase === "after") lostResponsesArmed = true;
      if (json?.network_error === true) networkErrorsArmed = true;
    }
    if (response.status >= 300 && !(injected && lostResponsesArmed)) {
      const after = storeOf(sandbox);
      if (after !== before) throw new Error(`${where}: rejected with ${response.status} but changed the store\n${text.slice(0, 300)}`);
    }
  }
}
