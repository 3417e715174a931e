import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { type Call, call, codeOf, createKey } from "./support.js";

// SPEC §3's check order, proved by requests that carry two faults at once: the earlier check wins.
// credentials (401) → IP (403) → kind and scope (403) → idempotency (replay, or 409) → body parse
// and top-level shape (400/413/415) → resource exists (404) → model allowed (403) → input (400) →
// credits (402).

const UNKNOWN_KEY = "clipia_live_ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"; // wrong length too: malformed
const good = { input: { prompt: "a lighthouse" } };

interface Case {
  name: string;
  /** Builds the request once the sandbox and its extra keys exist. */
  request: (s: Sandbox, keys: Record<string, string>) => Call;
  status: number;
  code: string;
}

const CASES: Case[] = [
  {
    name: "bad key + invalid JSON → 401",
    request: () => ({ path: "/v1/models/clipia-video-1", key: UNKNOWN_KEY, rawBody: "{nope", headers: { "content-type": "application/json" } }),
    status: 401,
    code: "invalid_api_key",
  },
  {
    name: "bad key + non-JSON content type → 401",
    request: () => ({ path: "/v1/models/clipia-video-1", key: UNKNOWN_KEY, rawBody: "prompt=x", headers: { "content-type": "text/plain" } }),
    status: 401,
    code: "invalid_api_key",
  },
  {
    name: "bad key + body over 1 MiB → 401",
    request: () => ({ path: "/v1/models/clipia-video-1", key: UNKNOWN_KEY, body: { input: { prompt: "x".repeat(1024 * 1024) } } }),
    status: 401,
    code: "invalid_api_key",
  },
  {
    name: "no key + admin-only route → 401",
    request: () => ({ path: "/v1/keys" }),
    status: 401,
    code: "invalid_api_key",
  },
  {
    name: "IP not allowed + read-only key generating → 403 ip_not_allowed",
    request: (_s, k) => ({ path: "/v1/models/clipia-video-1", key: k.readOnlyOffice!, body: good }),
    status: 403,
    code: "ip_not_allowed",
  },
  {
    name: "admin key + invalid JSON on POST /v1/models/{model} → 403 api_key_required",
    request: (s) => ({ path: "/v1/models/clipia-video-1", key: s.keys.admin, rawBody: "{nope", headers: { "content-type": "application/json" } }),
    status: 403,
    code: "api_key_required",
  },
  {
    name: "API key + invalid body on POST /v1/keys → 403 admin_key_required",
    request: (s) => ({ path: "/v1/keys", key: s.keys.live, body: { surprise: true } }),
    status: 403,
    code: "admin_key_required",
  },
  {
    name: "read-only key + unknown model → 403 insufficient_scope",
    request: (s) => ({ path: "/v1/models/no-such-model", key: s.keys.test_read_only, body: good }),
    status: 403,
    code: "insufficient_scope",
  },
  {
    name: "invalid JSON + unknown model → 400 invalid_json",
    request: (s) => ({ path: "/v1/models/no-such-model", key: s.keys.test, rawBody: "{nope", headers: { "content-type": "application/json" } }),
    status: 400,
    code: "invalid_json",
  },
  {
    name: "non-JSON content type + unknown model → 415",
    request: (s) => ({ path: "/v1/models/no-such-model", key: s.keys.test, rawBody: "x", headers: { "content-type": "text/plain" } }),
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "unknown top-level field + unknown model → 400",
    request: (s) => ({ path: "/v1/models/no-such-model", key: s.keys.test, body: { ...good, surprise: 1 } }),
    status: 400,
    code: "invalid_request",
  },
  {
    name: "missing input (top-level shape) + unknown model → 400",
    request: (s) => ({ path: "/v1/models/no-such-model", key: s.keys.test, body: {} }),
    status: 400,
    code: "invalid_request",
  },
  {
    name: "input not an object (top-level shape) + model not allowed → 400",
    request: (_s, k) => ({ path: "/v1/models/clipia-video-1", key: k.imageOnly!, body: { input: "a lighthouse" } }),
    status: 400,
    code: "invalid_request",
  },
  {
    name: "unknown model + input against no schema → 404 model_not_found",
    request: (s) => ({ path: "/v1/models/no-such-model", key: s.keys.test, body: { input: { duration_seconds: 99 } } }),
    status: 404,
    code: "model_not_found",
  },
  {
    name: "unknown model + key limited to other models → 404 model_not_found",
    request: (_s, k) => ({ path: "/v1/models/no-such-model", key: k.imageOnly!, body: good }),
    status: 404,
    code: "model_not_found",
  },
  {
    name: "model not allowed + input against the schema → 403 model_not_allowed",
    request: (_s, k) => ({ path: "/v1/models/clipia-video-1", key: k.imageOnly!, body: { input: { duration_seconds: 99 } } }),
    status: 403,
    code: "model_not_allowed",
  },
  {
    name: "model not allowed + over the credit limit → 403 model_not_allowed",
    request: (_s, k) => ({ path: "/v1/models/clipia-video-1", key: k.imageOnlyCapped!, body: good }),
    status: 403,
    code: "model_not_allowed",
  },
  {
    name: "bad input + over the credit limit → 400",
    request: (_s, k) => ({ path: "/v1/models/clipia-video-1", key: k.capped!, body: { input: { prompt: "" } } }),
    status: 400,
    code: "invalid_request",
  },
  {
    name: "PATCH: invalid body + unknown key → 400 (body before resource)",
    request: (s) => ({ method: "PATCH", path: "/v1/keys/key_nope", key: s.keys.admin, body: { credit_limit: 0 } }),
    status: 400,
    code: "invalid_request",
  },
  {
    name: "cancel: a body with a field + unknown generation → 400",
    request: (s) => ({ path: "/v1/generations/gen_nope/cancel", key: s.keys.test, body: { reason: "x" } }),
    status: 400,
    code: "invalid_request",
  },
];

describe("check order: two faults in one request, the earlier check answers", () => {
  const sandbox = createSandbox();
  const keys: Record<string, string> = {};
  const ready = (async () => {
    keys.readOnlyOffice = (await createKey(sandbox, { scopes: ["read"], allowed_ips: ["10.0.0.0/8"] })).secret;
    keys.imageOnly = (await createKey(sandbox, { environment: "test", model_access: { mode: "include", models: ["clipia-image-1"] } })).secret;
    keys.imageOnlyCapped = (await createKey(sandbox, { credit_limit: 1, model_access: { mode: "include", models: ["clipia-image-1"] } })).secret;
    keys.capped = (await createKey(sandbox, { credit_limit: 1 })).secret;
  })();

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    await ready;
    const reply = await call(sandbox, testCase.request(sandbox, keys));
    expect([reply.status, codeOf(reply)]).toEqual([testCase.status, testCase.code]);
  });
});

describe("check order around idempotency", () => {
  const send = (sandbox: Sandbox, key: string, idempotencyKey: string, extra: Partial<Call> = {}) =>
    call(sandbox, { path: "/v1/models/clipia-video-1", key, body: good, headers: { "idempotency-key": idempotencyKey }, ...extra });

  it("a replay still checks the credentials first: revoked after the first request → 401", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, {});
    expect((await send(sandbox, key.secret, "r1")).status).toBe(202);
    await call(sandbox, { method: "DELETE", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin });
    const replay = await send(sandbox, key.secret, "r1");
    expect([replay.status, codeOf(replay), replay.headers.get("idempotent-replayed")]).toEqual([401, "invalid_api_key", null]);
  });

  it("a replay still checks the IP and the scope first (403)", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, {});
    expect((await send(sandbox, key.secret, "r2")).status).toBe(202);
    await call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body: { scopes: ["read"] } });
    expect(codeOf(await send(sandbox, key.secret, "r2"))).toBe("insufficient_scope");
    await call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body: { allowed_ips: ["10.0.0.1"] } });
    expect(codeOf(await send(sandbox, key.secret, "r2"))).toBe("ip_not_allowed");
  });

  it("a replay comes before the model check, the credits and the current state: returned as first sent", async () => {
    const sandbox = createSandbox();
    const key = await createKey(sandbox, { credit_limit: 50 });
    const first = await send(sandbox, key.secret, "r3");
    expect([first.status, first.body.status]).toEqual([202, "queued"]);
    // Since then: the generation completed, the key's limit is used up, and the model is excluded.
    sandbox.advanceClock(60_000);
    await call(sandbox, { method: "PATCH", path: `/v1/keys/${key.id}`, key: sandbox.keys.admin, body: { model_access: { mode: "exclude", models: ["clipia-video-1"] } } });
    const replay = await send(sandbox, key.secret, "r3");
    expect(replay.status).toBe(202);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
    const account = await call(sandbox, { path: "/v1/account", key: key.secret });
    expect(account.body.key.credits_used).toBe(50);
  });

  it("a reused key beats a malformed body: 409 idempotency_key_reused, not 400", async () => {
    const sandbox = createSandbox();
    await send(sandbox, sandbox.keys.live, "r4");
    const reply = await send(sandbox, sandbox.keys.live, "r4", { body: undefined, rawBody: "{nope", headers: { "idempotency-key": "r4", "content-type": "application/json" } });
    expect([reply.status, codeOf(reply)]).toEqual([409, "idempotency_key_reused"]);
  });
});
