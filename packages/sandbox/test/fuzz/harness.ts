import { checkResponse } from "@clipia/contract";
import { createSandbox, type Sandbox, type SandboxSnapshot } from "@clipia/sandbox";
import { FULL_KEY } from "../support/wire.js";
import type { FuzzRequest, IdRef, KeyRef, KeyValue } from "./arbitraries.js";

const BASE = "https://api.clipia.ai";
const HUGE = JSON.stringify({ input: { prompt: "x".repeat(1024 * 1024) } });
/** Webhooks go nowhere: the fuzz sends no traffic off the process. */
const noWebhooks = async () => new Response(null, { status: 204 });

/** The state every run starts from: keys with each setting, requests in each state, a second account. */
export interface Fixtures {
  snapshot: SandboxSnapshot;
  keys: Record<KeyRef, string>;
  ids: Record<IdRef, string>;
}

/** A sandbox the fuzz drives: seeded, webhooks swallowed, its clock on the (frozen) Date. */
export const fuzzSandbox = (): Sandbox => createSandbox({ seed: 42, fetch: noWebhooks, followDateNow: true });

async function submit(
  sandbox: Sandbox,
  key: string,
  model: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const response = await sandbox.fetch(
    new Request(`${BASE}/v1/models/${model}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "fixture" }, ...body }),
    }),
  );
  const json = (await response.json()) as { request_id?: string };
  if (response.status !== 200 || !json.request_id)
    throw new Error(`fixture submit ${model}: ${response.status} ${JSON.stringify(json)}`);
  return json.request_id;
}

/** Builds the fixtures once; each run restores their snapshot. */
export async function buildFixtures(): Promise<Fixtures> {
  const sandbox = fuzzSandbox();
  const accountId = sandbox.account.account_id;
  const key = (input: Record<string, unknown>, account = accountId) =>
    sandbox.createKey(account, { name: "fixture", environment: "live", ...input });
  const limited = key({ credit_limit: 30 });
  const fenced = key({ allowed_ips: ["10.0.0.0/8"] });
  const disabled = key({});
  sandbox.updateKey(disabled.id, { disabled: true });
  const revoked = key({ environment: "test" });
  sandbox.revokeKey(revoked.id);
  const readOnlyLive = key({ scopes: ["read"] });
  const includeImage = key({ model_access: { mode: "include", models: ["nano-banana-2"] } });
  const slowRate = key({ rate_limit: { requests: 2, interval: "1m" }, concurrency: 1 });
  const poor = sandbox.createAccount({ balance_credits: 5 });
  const other = sandbox.createAccount();
  const otherKey = key({}, other.account.account_id);
  const { live, test } = sandbox.keys;
  const reqLive = await submit(sandbox, live, "nano-banana-2");
  const reqTest = await submit(sandbox, test, "kling-3", { webhook_url: "http://127.0.0.1:9/hook" });
  sandbox.forceOutcome({ outcome: "SLOW", account_id: accountId });
  const reqSlow = await submit(sandbox, live, "seedance-2-fast-t2v");
  sandbox.forceOutcome({ outcome: "FAILED", account_id: accountId });
  const reqFailed = await submit(sandbox, live, "flux-2-pro");
  const reqOther = await submit(sandbox, other.keys.live, "nano-banana-2");
  await new Promise((done) => setTimeout(done, 10)); // let the test key's webhook be logged
  const delivery = sandbox.webhookDeliveries({ account_id: accountId })[0];
  return {
    snapshot: sandbox.snapshot(),
    keys: {
      live,
      test,
      test_read_only: sandbox.keys.test_read_only,
      limited: limited.secret,
      fenced: fenced.secret,
      disabled: disabled.secret,
      revoked: revoked.secret,
      read_only_live: readOnlyLive.secret,
      include_image: includeImage.secret,
      slow_rate: slowRate.secret,
      poor_live: poor.keys.live,
      other_live: other.keys.live,
      other_test: other.keys.test,
    },
    ids: {
      req_live: reqLive,
      req_test: reqTest,
      req_slow: reqSlow,
      req_failed: reqFailed,
      req_other: reqOther,
      key_limited: limited.id,
      key_revoked: revoked.id,
      key_other: otherKey.id,
      account: accountId,
      other_account: other.account.account_id,
      delivery: (delivery as { id?: string } | undefined)?.id ?? "whd_missing",
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

/** Replaces symbolic ids inside a JSON body (`account_id: {ref}`) with the fixtures' values. */
function resolveBody(value: unknown, fixtures: Fixtures): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveBody(item, fixtures));
  if (value !== null && typeof value === "object") {
    const ref = (value as { ref?: unknown }).ref;
    if (typeof ref === "string" && ref in fixtures.ids && Object.keys(value).length === 1)
      return fixtures.ids[ref as IdRef];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveBody(v, fixtures)]));
  }
  return value;
}

/** Turns a generated request into a real `Request`. */
export function toRequest(spec: FuzzRequest, fixtures: Fixtures): Request {
  const path = spec.path.map((s) => (typeof s === "string" ? s : fixtures.ids[s.ref])).join("/");
  const query = spec.query.length === 0 ? "" : `?${new URLSearchParams(spec.query).toString()}`;
  const headers = new Headers();
  const key = spec.auth.key === null ? null : resolveKey(spec.auth.key, fixtures);
  if (spec.auth.scheme !== null)
    headers.set("authorization", key === null ? spec.auth.scheme : `${spec.auth.scheme} ${key}`);
  if (spec.auth.xApiKey === "same") {
    if (key !== null) headers.set("x-api-key", key);
  } else if (spec.auth.xApiKey !== null) headers.set("x-api-key", resolveKey(spec.auth.xApiKey, fixtures));
  if (spec.idempotencyKey !== null) headers.set("idempotency-key", spec.idempotencyKey);
  if (spec.origin !== null) headers.set("origin", spec.origin);

  let body: string | Uint8Array<ArrayBuffer> | undefined;
  const bodyless = ["GET", "HEAD"].includes(spec.method.toUpperCase());
  const b = spec.body;
  const typed = (text: string, type: string | null) => {
    if (type === null) return new TextEncoder().encode(text);
    headers.set("content-type", type);
    return text;
  };
  if (!bodyless) {
    if (b.kind === "json") body = typed(JSON.stringify(resolveBody(b.value, fixtures)) ?? "null", b.contentType);
    else if (b.kind === "text") body = typed(b.text, b.contentType);
    else if (b.kind === "bytes") body = new TextEncoder().encode(b.text);
    else if (b.kind === "huge") body = typed(HUGE, "application/json");
    else if (b.kind === "deep") body = typed(`{"input":${"[".repeat(b.depth)}${"]".repeat(b.depth)}}`, b.contentType);
  }
  return new Request(`${BASE}/${path}${query}`, {
    method: spec.method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

/** Requests per account: a rejected request must not create one. */
function requestCount(sandbox: Sandbox): number {
  return sandbox.listAccounts().reduce((sum, account) => sum + sandbox.listRequests(account.account_id).length, 0);
}

/** No balance below zero, no key past its budget (SPEC §2: never overspent). */
function overspent(sandbox: Sandbox): string | undefined {
  for (const account of sandbox.listAccounts()) {
    const credits = (account as { balance?: { credits?: number } }).balance?.credits;
    if (typeof credits === "number" && credits < 0) return `account ${account.account_id} balance ${credits}`;
    for (const key of sandbox.listKeys(account.account_id)) {
      if (key.credit_limit !== null && key.credits_used > key.credit_limit)
        return `key ${key.id} used ${key.credits_used} of ${key.credit_limit}`;
    }
  }
  return undefined;
}

/** What one run saw, for the summary line. */
export interface RunStats {
  requests: number;
  statuses: Map<number, number>;
}

/**
 * Sends a sequence of generated requests to a fresh sandbox restored from the fixtures and
 * checks each answer: no 5xx unless a fault was injected, valid against openapi.yaml (or
 * sandbox.openapi.yaml), no full key in an error, a rejected /v1 request creates no request,
 * and nothing is ever overspent.
 */
export async function runSequence(specs: FuzzRequest[], fixtures: Fixtures, stats: RunStats): Promise<void> {
  const sandbox = fuzzSandbox();
  sandbox.restore(fixtures.snapshot);
  let faultsArmed = false;

  for (const [index, spec] of specs.entries()) {
    const request = toRequest(spec, fixtures);
    const where = `request #${index} ${request.method} ${request.url}`;
    const path = new URL(request.url).pathname;
    const before = requestCount(sandbox);
    let response: Response;
    try {
      response = await sandbox.fetch(request, { clientIp: spec.clientIp });
    } catch (error) {
      if (!faultsArmed) throw new Error(`${where}: fetch rejected`, { cause: error });
      stats.requests++;
      continue;
    }
    stats.requests++;
    stats.statuses.set(response.status, (stats.statuses.get(response.status) ?? 0) + 1);
    const text = await response.text();

    if (request.method === "OPTIONS" || (path.startsWith("/media/") && response.status === 200)) continue;
    if (response.status >= 500 && !faultsArmed) throw new Error(`${where}: ${response.status} ${text.slice(0, 300)}`);
    const check = checkResponse({
      method: request.method,
      url: request.url,
      status: response.status,
      headers: response.headers,
      body: text,
    });
    if (!check.valid)
      throw new Error(`${where}: ${check.error.message}\n${check.error.problems.join("\n")}\n${text.slice(0, 300)}`);
    if (response.status >= 400 && FULL_KEY.test(text)) throw new Error(`${where}: an error body carries a full key`);
    if (response.status === 201 && path === "/_sandbox/faults") faultsArmed = true;
    if (response.status >= 300 && path.startsWith("/v1/") && !faultsArmed && requestCount(sandbox) !== before) {
      throw new Error(`${where}: rejected with ${response.status} but created a request\n${text.slice(0, 300)}`);
    }
    const over = overspent(sandbox);
    if (over) throw new Error(`${where}: overspent: ${over}`);
  }
}
