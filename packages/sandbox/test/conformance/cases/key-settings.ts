import {
  advanceClock,
  balanceIs,
  createKey,
  del,
  generate,
  get,
  isNull,
  isString,
  patch,
  post,
  readClock,
  secondsAfterClock,
} from "../helpers.js";
import type { ConformanceCase } from "../types.js";

const prompt = { prompt: "a red fox in snow" };
const video = (auth: string, status: number, code?: string) =>
  generate(auth, "clipia-video-1", prompt, code ? { status, code } : { status });
const image = (auth: string, status: number, code?: string) =>
  generate(auth, "clipia-image-1", prompt, code ? { status, code } : { status });

/** SPEC §1 key settings and the /v1/keys endpoints. */
export const keySettingCases: ConformanceCase[] = [
  {
    name: "create shows the secret once; reads show only redacted_value",
    covers: ["POST /v1/keys", "GET /v1/keys/{id}", "GET /v1/keys", "secret shown once"],
    steps: [
      createKey("a", { name: "ci", environment: "live" }, "k", {
        status: 201,
        body: {
          object: "api_key",
          name: "ci",
          environment: "live",
          status: "active",
          scopes: ["generate", "read"],
          secret: /^clipia_live_[0-9A-Za-z]{36}$/,
          model_access: { mode: "all" },
          allowed_ips: [],
          disabled: false,
          credit_limit: isNull,
          credits_used: 0,
        },
        check: (body) => {
          if (body.redacted_value !== `clipia_live_…${body.secret.slice(-4)}`) throw new Error(`redacted_value ${body.redacted_value}`);
        },
      }),
      get("/v1/keys/{{k.id}}", "a.admin", {
        status: 200,
        body: { id: "{{k.id}}", redacted_value: "{{k.redacted_value}}" },
        check: (body) => {
          if ("secret" in body) throw new Error("GET /v1/keys/{id} returned the secret");
        },
      }),
      get("/v1/account", "k.secret", { status: 200, body: { key: { id: "{{k.id}}" } } }),
      get("/v1/keys?environment=live", "a.admin", {
        status: 200,
        check: (body, v) => {
          if (!body.data.some((key: { id: string }) => key.id === v.k.id)) throw new Error("created key not listed");
          if (body.data.some((key: { environment: string }) => key.environment !== "live")) throw new Error("environment filter ignored");
          if (JSON.stringify(body).includes(v.k.secret)) throw new Error("list leaks a secret");
        },
      }),
    ],
  },
  {
    name: "invalid key settings: 400 invalid_request with param",
    covers: ["400 invalid_request key body", "scopes at least one"],
    steps: [
      post("/v1/keys", "a.admin", { environment: "live" }, { status: 400, code: "invalid_request", param: "name" }),
      post("/v1/keys", "a.admin", { name: "x", environment: "live", scopes: [] }, { status: 400, code: "invalid_request", param: "scopes" }),
      post("/v1/keys", "a.admin", { name: "x", environment: "live", scopes: ["admin"] }, { status: 400, code: "invalid_request" }),
      post("/v1/keys", "a.admin", { name: "x", environment: "live", credit_limit: 0 }, { status: 400, code: "invalid_request", param: "credit_limit" }),
      post("/v1/keys", "a.admin", { name: "x", environment: "live", allowed_ips: ["not-an-ip"] }, { status: 400, code: "invalid_request" }),
      post("/v1/keys", "a.admin", { name: "x", environment: "live", surprise: true }, { status: 400, code: "invalid_request" }),
      post("/v1/keys", "a.admin", { name: "x", environment: "live", expires_at: "2001-01-01T00:00:00Z" }, { status: 400, code: "invalid_request", param: "expires_at" }),
    ],
  },
  {
    name: "environment is immutable: 400 parameter_immutable",
    covers: ["400 parameter_immutable"],
    steps: [
      createKey("a", { name: "ci", environment: "live" }, "k"),
      patch("/v1/keys/{{k.id}}", "a.admin", { environment: "test" }, { status: 400, code: "parameter_immutable", param: "environment" }),
    ],
  },
  {
    name: "a key created with scopes [read] cannot generate",
    covers: ["403 insufficient_scope", "scopes"],
    steps: [
      createKey("a", { name: "reader", environment: "live", scopes: ["read"] }, "k"),
      video("k.secret", 403, "insufficient_scope"),
      get("/v1/generations", "k.secret", { status: 200 }),
    ],
  },
  {
    name: "model_access include: other models 403 model_not_allowed, allowed flag in the catalog",
    covers: ["403 model_not_allowed", "model_access include", "Model.allowed"],
    steps: [
      createKey("a", { name: "img", environment: "test", model_access: { mode: "include", models: ["clipia-image-1"] } }, "k"),
      video("k.secret", 403, "model_not_allowed"),
      image("k.secret", 200),
      get("/v1/models/clipia-video-1", "k.secret", { status: 200, body: { allowed: false } }),
      get("/v1/models/clipia-image-1", "k.secret", { status: 200, body: { allowed: true } }),
    ],
  },
  {
    name: "model_access exclude",
    covers: ["403 model_not_allowed", "model_access exclude"],
    steps: [
      createKey("a", { name: "no-video", environment: "test", model_access: { mode: "exclude", models: ["clipia-video-1"] } }, "k"),
      video("k.secret", 403, "model_not_allowed"),
      generate("k.secret", "clipia-video-1-fast", prompt, { status: 200 }),
    ],
  },
  {
    name: "model access is checked before the input (check order)",
    covers: ["check order model before input"],
    steps: [
      createKey("a", { name: "img", environment: "test", model_access: { mode: "include", models: ["clipia-image-1"] } }, "k"),
      generate("k.secret", "clipia-video-1", { duration_seconds: 99 }, { status: 403, code: "model_not_allowed" }),
    ],
  },
  {
    name: "allowed_ips excluding the client: 403 ip_not_allowed; including it: allowed",
    covers: ["403 ip_not_allowed", "allowed_ips CIDR", "allowed_ips IPv6-only list rejects IPv4"],
    steps: [
      createKey("a", { name: "office", environment: "live", allowed_ips: ["10.0.0.0/8", "192.168.1.7"] }, "k1"),
      get("/v1/account", "k1.secret", { status: 403, code: "ip_not_allowed" }),
      createKey("a", { name: "v6", environment: "live", allowed_ips: ["::1", "2001:db8::/32"] }, "k2"),
      get("/v1/account", "k2.secret", { status: 403, code: "ip_not_allowed" }),
      createKey("a", { name: "loopback", environment: "live", allowed_ips: ["127.0.0.0/8"] }, "k3"),
      get("/v1/account", "k3.secret", { status: 200 }),
      createKey("a", { name: "exact", environment: "live", allowed_ips: ["127.0.0.1"] }, "k4"),
      get("/v1/account", "k4.secret", { status: 200 }),
    ],
  },
  {
    name: "IP is checked before scope (check order)",
    covers: ["check order ip before scope"],
    steps: [
      createKey("a", { name: "r", environment: "live", scopes: ["read"], allowed_ips: ["10.0.0.1"] }, "k"),
      video("k.secret", 403, "ip_not_allowed"),
    ],
  },
  {
    name: "expiry: 401 after expires_at, status expired, re-enabled only by moving expires_at",
    covers: ["401 invalid_api_key expired", "status expired", "409 key_expired"],
    steps: [
      readClock(),
      createKey("a", { name: "temp", environment: "live", expires_at: secondsAfterClock(60) }, "k"),
      get("/v1/account", "k.secret", { status: 200 }),
      advanceClock(61_000),
      get("/v1/account", "k.secret", { status: 401, code: "invalid_api_key", message: /expired/i }),
      get("/v1/keys/{{k.id}}", "a.admin", { status: 200, body: { status: "expired" } }),
      patch("/v1/keys/{{k.id}}", "a.admin", { disabled: false }, { status: 409, code: "key_expired" }),
      patch("/v1/keys/{{k.id}}", "a.admin", { expires_at: null }, { status: 200, body: { status: "active", expires_at: isNull } }),
      get("/v1/account", "k.secret", { status: 200 }),
    ],
  },
  {
    name: "disable then enable: 401 while disabled, config kept",
    covers: ["401 invalid_api_key disabled", "status disabled", "disabled re-enable"],
    steps: [
      createKey("a", { name: "d", environment: "live", scopes: ["read"] }, "k"),
      patch("/v1/keys/{{k.id}}", "a.admin", { disabled: true }, { status: 200, body: { disabled: true, status: "disabled" } }),
      get("/v1/account", "k.secret", { status: 401, code: "invalid_api_key", message: /disabled/i }),
      patch("/v1/keys/{{k.id}}", "a.admin", { disabled: false }, { status: 200, body: { disabled: false, status: "active", scopes: ["read"] } }),
      get("/v1/account", "k.secret", { status: 200 }),
    ],
  },
  {
    name: "revoke: immediate 401, idempotent, listed as revoked, 409 key_revoked on update",
    covers: ["DELETE /v1/keys/{id}", "401 invalid_api_key revoked", "409 key_revoked", "status revoked"],
    steps: [
      createKey("a", { name: "r", environment: "live" }, "k"),
      del("/v1/keys/{{k.id}}", "a.admin", { status: 200, body: { id: "{{k.id}}", status: "revoked", revoked_at: isString } }),
      get("/v1/account", "k.secret", { status: 401, code: "invalid_api_key", message: /revoked/i }),
      del("/v1/keys/{{k.id}}", "a.admin", { status: 200, body: { status: "revoked" } }),
      patch("/v1/keys/{{k.id}}", "a.admin", { name: "again" }, { status: 409, code: "key_revoked" }),
      patch("/v1/keys/{{k.id}}", "a.admin", { disabled: false }, { status: 409, code: "key_revoked" }),
      get("/v1/keys?status=revoked", "a.admin", {
        status: 200,
        check: (body, v) => {
          if (!body.data.some((key: { id: string }) => key.id === v.k.id)) throw new Error("revoked key not listed");
        },
      }),
    ],
  },
  {
    name: "revoking a key while its generation runs: polling then gets 401",
    covers: ["revocation applies to requests under way"],
    steps: [
      createKey("a", { name: "r", environment: "live" }, "k"),
      video("k.secret", 202),
      del("/v1/keys/{{k.id}}", "a.admin", { status: 200 }),
      get("/v1/generations", "k.secret", { status: 401, code: "invalid_api_key" }),
    ],
  },
  {
    name: "roll with a grace period: new key + secret, same settings, old key expires later",
    covers: ["POST /v1/keys/{id}/roll", "rolled_from"],
    steps: [
      createKey("a", { name: "prod", environment: "live", scopes: ["generate"], credit_limit: 500 }, "old"),
      post("/v1/keys/{{old.id}}/roll", "a.admin", { expire_current_in_seconds: 60 }, {
        status: 201,
        body: { object: "api_key", rolled_from: "{{old.id}}", name: "prod", scopes: ["generate"], credit_limit: 500, secret: /^clipia_live_/ },
      }, { save: "new" }),
      get("/v1/account", "old.secret", { status: 200 }),
      get("/v1/account", "new.secret", { status: 200, body: { key: { id: "{{new.id}}" } } }),
      advanceClock(61_000),
      get("/v1/account", "old.secret", { status: 401, code: "invalid_api_key" }),
      get("/v1/account", "new.secret", { status: 200 }),
    ],
  },
  {
    name: "roll without a grace period ends the old key at once; roll bounds",
    covers: ["POST /v1/keys/{id}/roll", "roll default 0"],
    steps: [
      createKey("a", { name: "prod", environment: "test" }, "old"),
      post("/v1/keys/{{old.id}}/roll", "a.admin", {}, { status: 201 }, { save: "new" }),
      get("/v1/account", "old.secret", { status: 401, code: "invalid_api_key" }),
      get("/v1/account", "new.secret", { status: 200 }),
      post("/v1/keys/{{new.id}}/roll", "a.admin", { expire_current_in_seconds: 604_801 }, { status: 400, code: "invalid_request" }),
    ],
  },
  {
    name: "credit_limit: 402 credit_limit_reached before overspending, balance untouched",
    covers: ["402 credit_limit_reached", "credits_used"],
    steps: [
      createKey("a", { name: "capped", environment: "live", credit_limit: 60 }, "k"),
      video("k.secret", 202),
      video("k.secret", 402, "credit_limit_reached"),
      balanceIs("a.live", 950),
      get("/v1/keys/{{k.id}}", "a.admin", { status: 200, body: { credits_used: 50, status: "active" } }),
      image("k.secret", 202),
    ],
  },
  {
    name: "credit_limit reached exactly: status exhausted, reads keep working",
    covers: ["status exhausted", "402 credit_limit_reached"],
    steps: [
      createKey("a", { name: "capped", environment: "live", credit_limit: 50 }, "k"),
      video("k.secret", 202),
      get("/v1/keys/{{k.id}}", "a.admin", { status: 200, body: { credits_used: 50, status: "exhausted" } }),
      get("/v1/account", "k.secret", { status: 200 }),
      get("/v1/generations", "k.secret", { status: 200 }),
      image("k.secret", 402, "credit_limit_reached"),
    ],
  },
  {
    name: "a test key with a credit limit is never charged",
    covers: ["test keys no credits"],
    steps: [
      createKey("a", { name: "t", environment: "test", credit_limit: 1 }, "k"),
      video("k.secret", 200),
      get("/v1/keys/{{k.id}}", "a.admin", { status: 200, body: { credits_used: 0, status: "active" } }),
      balanceIs("a.live", 1000),
    ],
  },
];
