import {
  UNKNOWN_LIVE_KEY,
  advance,
  createKey,
  get,
  isString,
  patchKey,
  post,
  revokeKey,
  submit,
  withHeaders,
} from "../helpers.js";
import type { ConformanceCase, Expectation } from "../types.js";

const realm = /^Bearer realm="clipia"$/;
const invalidToken = /^Bearer realm="clipia",\s*error="invalid_token"/;
const unauthorized = (message: RegExp, sentKey = true): Expectation => ({
  status: 401,
  code: "invalid_api_key",
  message,
  headers: { "www-authenticate": sentKey ? invalidToken : realm },
});
const prompt = { prompt: "a lighthouse at dusk" };
const account200: Expectation = {
  status: 200,
  body: { account_id: "{{a.id}}", balance: { credits: (n: unknown) => Number.isInteger(n) } },
};

/** SPEC §1: header schemes, the 401 reasons, 400 on conflicting headers, scopes. */
export const credentialCases: ConformanceCase[] = [
  {
    name: "no credential: 401 missing, WWW-Authenticate without error",
    covers: ["401 missing", "WWW-Authenticate"],
    steps: [
      get("/v1/account", undefined, unauthorized(/missing/i, false)),
      get("/v1/models", undefined, unauthorized(/missing/i, false)),
    ],
  },
  {
    name: "malformed credentials: other prefix, bad characters, other schemes, empty Bearer",
    covers: ["401 malformed", "WWW-Authenticate"],
    steps: [
      ...[
        "Bearer sk_live_abcdef",
        "Bearer clipia_admin_abcdef",
        "Bearer clipia_live_abc$def",
        `Bearer clipia_live_${"a".repeat(129)}`,
        "Basic Y2xpcGlhOg==",
        "Token clipia_live_abc",
      ].map((value) =>
        get(
          "/v1/account",
          undefined,
          unauthorized(/malformed/i),
          withHeaders(() => ({ authorization: value })),
        ),
      ),
      get(
        "/v1/account",
        undefined,
        unauthorized(/malformed/i),
        withHeaders((v) => ({ authorization: `Basic ${btoa(`${v.a.live}:`)}` })),
      ),
    ],
  },
  {
    name: "a well-formed key nobody issued is unknown; the message shows it redacted at most",
    covers: ["401 unknown", "messages sanitised"],
    steps: [
      get(
        "/v1/account",
        undefined,
        unauthorized(/unknown|not recogni[sz]ed|does not exist/i),
        withHeaders(() => ({ authorization: `Bearer ${UNKNOWN_LIVE_KEY}` })),
      ),
    ],
  },
  {
    name: "revocation is immediate: a poll of a generation started before gets 401 revoked",
    covers: ["401 revoked", "revocation immediate", "DELETE /_sandbox/keys/{key_id}"],
    steps: [
      createKey("a", {}, "k"),
      submit("k.secret", "nano-banana-2", prompt, { status: 200 }, { save: "r" }),
      revokeKey("k", { status: 200, body: { id: "{{k.id}}", status: "revoked", revoked_at: isString } }),
      get("/v1/requests/{{r.request_id}}/status", "k.secret", unauthorized(/revoked/i)),
      get("/v1/account", "k.secret", unauthorized(/revoked/i)),
      // Revocation is irreversible: whatever a later edit answers, the key stays refused.
      {
        label: "enable the revoked key",
        run: async (ctx) => {
          await ctx.call({ method: "PATCH", path: `/_sandbox/keys/${ctx.vars.k.id}`, body: { disabled: false } });
          const again = await ctx.call({ path: "/v1/account", key: ctx.vars.k.secret });
          if (again.status !== 401) throw new Error(`a revoked key answered ${again.status} after an edit`);
        },
      },
    ],
  },
  {
    name: "a disabled key is 401 disabled; enabled again it works",
    covers: ["401 disabled", "PATCH /_sandbox/keys/{key_id}", "disable / enable"],
    steps: [
      createKey("a", { environment: "test" }, "k"),
      patchKey("k", { disabled: true }, { status: 200, body: { disabled: true, status: "disabled" } }),
      get("/v1/account", "k.secret", unauthorized(/disabled/i)),
      patchKey("k", { disabled: false }, { status: 200, body: { disabled: false, status: "active" } }),
      get("/v1/account", "k.secret", account200),
    ],
  },
  {
    name: "an expired key is 401 expired once the account clock passes expires_at",
    covers: ["401 expired", "key expiry"],
    steps: [
      get("/_sandbox/clock?account_id={{a.id}}", undefined, { status: 200 }, { save: "clock" }),
      createKey(
        "a",
        { expires_at: (v: { clock: { now: string } }) => new Date(Date.parse(v.clock.now) + 30_000).toISOString() },
        "k",
      ),
      get("/v1/account", "k.secret", account200),
      advance("a", 31_000),
      get("/v1/account", "k.secret", unauthorized(/expired/i)),
      get("/_sandbox/accounts/{{a.id}}/keys", undefined, {
        status: 200,
        check: (body, v) => {
          const key = (body.data ?? body).find((k: { id: string }) => k.id === v.k.id);
          if (key?.status !== "expired") throw new Error(`key status ${key?.status}, expected expired`);
        },
      }),
    ],
  },
  ...(
    [
      ["Bearer", "authorization", (k: string) => `Bearer ${k}`],
      ["bearer (lower case)", "authorization", (k: string) => `bearer ${k}`],
      ["BEARER (upper case)", "authorization", (k: string) => `BEARER ${k}`],
      ["Key", "authorization", (k: string) => `Key ${k}`],
      ["key (lower case)", "authorization", (k: string) => `key ${k}`],
      ["KEY (upper case)", "authorization", (k: string) => `KEY ${k}`],
      ["X-Api-Key", "X-Api-Key", (k: string) => k],
      ["x-api-key (lower case name)", "x-api-key", (k: string) => k],
    ] as const
  ).map(
    ([label, header, value]): ConformanceCase => ({
      name: `header scheme ${label} is accepted, for live and test keys`,
      covers: ["three auth schemes", "scheme word case-insensitive"],
      steps: [
        get(
          "/v1/account",
          undefined,
          account200,
          withHeaders((v) => ({ [header]: value(v.a.live) })),
        ),
        get(
          "/v1/account",
          undefined,
          account200,
          withHeaders((v) => ({ [header]: value(v.a.test) })),
        ),
      ],
    }),
  ),
  {
    name: "Authorization and X-Api-Key: the same key is accepted, different keys 400 invalid_request",
    covers: ["conflicting headers 400"],
    steps: [
      get(
        "/v1/account",
        undefined,
        account200,
        withHeaders((v) => ({ authorization: `Bearer ${v.a.test}`, "x-api-key": v.a.test })),
      ),
      get(
        "/v1/account",
        undefined,
        { status: 400, code: "invalid_request" },
        withHeaders((v) => ({ authorization: `Bearer ${v.a.live}`, "x-api-key": v.a.test })),
      ),
    ],
  },
  {
    name: "a read-only key cannot submit (403 insufficient_scope) but reads everything else",
    covers: ["403 insufficient_scope", "no scope needed to read", "scopes"],
    steps: [
      submit("a.test_read_only", "nano-banana-2", prompt, {
        status: 403,
        code: "insufficient_scope",
        message: /generate/,
      }),
      submit("a.test", "nano-banana-2", prompt, { status: 200 }, { save: "r" }),
      get("/v1/requests/{{r.request_id}}/status", "a.test_read_only", {
        status: 200,
        body: { request_id: "{{r.request_id}}" },
      }),
      get("/v1/requests/{{r.request_id}}", "a.test_read_only", {
        status: 200,
        body: { request_id: "{{r.request_id}}" },
      }),
      get("/v1/models", "a.test_read_only", { status: 200 }),
      get("/v1/models/kling-3", "a.test_read_only", { status: 200 }),
      post("/v1/models/kling-3/estimate", "a.test_read_only", { input: prompt }, { status: 200 }),
      get("/v1/account", "a.test_read_only", account200),
      get("/v1/key", "a.test_read_only", { status: 200 }),
    ],
  },
  {
    name: "a key created with scopes [generate] submits; with [read] it cannot; scopes must not be empty",
    covers: ["scopes", "POST /_sandbox/accounts/{account_id}/keys"],
    steps: [
      createKey("a", { environment: "test", scopes: ["generate"] }, "gen", {
        status: 201,
        body: { scopes: ["generate"], environment: "test", secret: /^clipia_test_[0-9A-Za-z]{32}$/ },
      }),
      submit("gen.secret", "flux-2-pro", prompt, { status: 200 }),
      createKey("a", { environment: "test", scopes: ["read"] }, "read"),
      submit("read.secret", "flux-2-pro", prompt, { status: 403, code: "insufficient_scope" }),
      createKey("a", { environment: "test", scopes: [] }, "none", { status: 400, code: "invalid_request" }),
    ],
  },
  {
    name: "scope is checked before the model exists and before the body (check order)",
    covers: ["check order"],
    steps: [
      submit("a.test_read_only", "no-such-model", prompt, { status: 403, code: "insufficient_scope" }),
      post(
        "/v1/models/nano-banana-2",
        "a.test_read_only",
        undefined,
        { status: 403, code: "insufficient_scope" },
        { rawBody: "{not json" },
      ),
    ],
  },
  {
    name: "GET /v1/key describes the calling key",
    covers: ["GET /v1/key"],
    steps: [
      createKey("a", { name: "budgeted", credit_limit: 500 }, "k"),
      get("/v1/key", "k.secret", {
        status: 200,
        body: {
          data: {
            label: "budgeted",
            usage: 0,
            limit: 500,
            limit_remaining: 500,
            rate_limit: { requests: 120, interval: "1m" },
          },
        },
      }),
      get("/v1/key", "a.live", {
        status: 200,
        body: { data: { limit: null, limit_remaining: null, rate_limit: { requests: 120, interval: "1m" } } },
      }),
    ],
  },
];
