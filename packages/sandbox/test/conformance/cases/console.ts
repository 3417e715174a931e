import { REDACTED_KEY, RFC3339_UTC } from "../../support/wire.js";
import { advance, createKey, get, isNull, patchKey, revokeKey, submit } from "../helpers.js";
import type { ConformanceCase, HttpStep } from "../types.js";

const prompt = { prompt: "a quiet harbour" };
const keysOf = (body: any): any[] => (Array.isArray(body) ? body : body.data);
const keyStatus = (saved: string, want: string): HttpStep =>
  get("/_sandbox/accounts/{{a.id}}/keys", undefined, {
    status: 200,
    check: (body, v) => {
      const key = keysOf(body).find((k) => k.id === v[saved].id);
      if (key?.status !== want) throw new Error(`${saved}: status ${key?.status}, expected ${want}`);
    },
  });

/** SPEC §5.3 / §5.4: keys through the control plane, and the console policies. */
export const consoleCases: ConformanceCase[] = [
  {
    name: "create a key: the record with its defaults and the secret shown once; listed without it",
    covers: ["keys CRUD", "POST /_sandbox/accounts/{account_id}/keys", "GET /_sandbox/accounts/{account_id}/keys"],
    steps: [
      createKey("a", { name: "ci" }, "k", {
        status: 201,
        body: {
          id: /^key_/,
          account_id: "{{a.id}}",
          name: "ci",
          environment: "live",
          scopes: ["generate", "read"],
          redacted_value: REDACTED_KEY,
          status: "active",
          created_at: RFC3339_UTC,
          last_used_at: isNull,
          expires_at: isNull,
          credit_limit: isNull,
          credits_used: 0,
          rate_limit: { requests: 120, interval: "1m" },
          concurrency: 10,
          model_access: { mode: "all" },
          allowed_ips: [],
          disabled: false,
          revoked_at: isNull,
          secret: /^clipia_live_[0-9A-Za-z]{32}$/,
        },
        check: (body) => {
          if (!body.secret.endsWith(body.redacted_value.slice(-4)))
            throw new Error("redacted_value does not end like the secret");
        },
      }),
      get("/v1/account", "k.secret", { status: 200 }),
      get("/_sandbox/accounts/{{a.id}}/keys", undefined, {
        status: 200,
        check: (body, v) => {
          const keys = keysOf(body);
          if (JSON.stringify(body).includes(v.k.secret)) throw new Error("the key list shows a secret");
          if (keys.some((k) => "secret" in k)) throw new Error("a listed key has a secret field");
          const key = keys.find((k) => k.id === v.k.id);
          if (!key || !RFC3339_UTC.test(key.last_used_at ?? ""))
            throw new Error(`last_used_at not set after use: ${JSON.stringify(key)}`);
          if (keys.length < 4) throw new Error(`expected the three default keys and the new one, got ${keys.length}`);
        },
      }),
      post404("/_sandbox/accounts/acct_doesnotexist/keys"),
    ],
  },
  {
    name: "edit a key: name, scopes, budget, rate limit, concurrency, model access, IPs, expiry",
    covers: ["keys CRUD", "PATCH /_sandbox/keys/{key_id}"],
    steps: [
      createKey("a", {}, "k"),
      patchKey(
        "k",
        {
          name: "renamed",
          scopes: ["read"],
          credit_limit: 50,
          rate_limit: { requests: 10, interval: "1m" },
          concurrency: 3,
          model_access: { mode: "exclude", models: ["sora-2"] },
          allowed_ips: ["127.0.0.1", "::1"],
          expires_at: "2999-01-01T00:00:00.000Z",
        },
        {
          status: 200,
          body: {
            id: "{{k.id}}",
            name: "renamed",
            scopes: ["read"],
            credit_limit: 50,
            rate_limit: { requests: 10, interval: "1m" },
            concurrency: 3,
            model_access: { mode: "exclude", models: ["sora-2"] },
            allowed_ips: ["127.0.0.1", "::1"],
            expires_at: /^2999-01-01T00:00:00(\.000)?Z$/,
          },
        },
      ),
      submit("k.secret", "nano-banana-2", prompt, { status: 403, code: "insufficient_scope" }),
      { method: "PATCH", path: "/_sandbox/keys/key_doesnotexist", body: { name: "x" }, expect: { status: 404 } },
      {
        method: "PATCH",
        path: "/_sandbox/keys/{{k.id}}",
        body: { scopes: ["admin"] },
        expect: { status: 400, code: "invalid_request" },
      },
    ],
  },
  {
    name: "key status order: revoked over disabled over expired over exhausted over active",
    covers: ["key status order"],
    steps: [
      get("/_sandbox/clock?account_id={{a.id}}", undefined, { status: 200 }, { save: "clock" }),
      createKey(
        "a",
        { credit_limit: 0, expires_at: (v: any) => new Date(Date.parse(v.clock.now) + 10_000).toISOString() },
        "k",
      ),
      keyStatus("k", "exhausted"),
      advance("a", 11_000),
      keyStatus("k", "expired"),
      patchKey("k", { disabled: true }),
      keyStatus("k", "disabled"),
      revokeKey("k"),
      keyStatus("k", "revoked"),
    ],
  },
  {
    name: "model access include / exclude: 403 model_not_allowed outside it",
    covers: ["403 model_not_allowed"],
    steps: [
      createKey("a", { model_access: { mode: "include", models: ["nano-banana-2"] } }, "inc"),
      submit("inc.secret", "nano-banana-2", prompt, { status: 200 }),
      submit("inc.secret", "flux-2-pro", prompt, { status: 403, code: "model_not_allowed" }),
      createKey("a", { environment: "test", model_access: { mode: "exclude", models: ["sora-2"] } }, "exc"),
      submit("exc.secret", "sora-2", prompt, { status: 403, code: "model_not_allowed" }),
      submit("exc.secret", "kling-3", prompt, { status: 200 }),
    ],
  },
  {
    name: "IP allow-list: 403 ip_not_allowed outside it (IPv4, CIDR, an IPv6-only list refuses an IPv4 client)",
    covers: ["403 ip_not_allowed", "ip allow-list IPv4/IPv6/CIDR"],
    steps: [
      createKey("a", { allowed_ips: ["10.0.0.0/8"] }, "ten"),
      get("/v1/account", "ten.secret", { status: 403, code: "ip_not_allowed" }),
      createKey("a", { allowed_ips: ["127.0.0.0/8"] }, "loop"),
      get("/v1/account", "loop.secret", { status: 200 }),
      createKey("a", { allowed_ips: ["10.1.2.3", "127.0.0.1"] }, "exact"),
      get("/v1/account", "exact.secret", { status: 200 }),
      createKey("a", { allowed_ips: ["::1", "fd00::/8"] }, "six"),
      get("/v1/account", "six.secret", { status: 403, code: "ip_not_allowed" }),
      createKey("a", { allowed_ips: ["not-an-ip"] }, "bad", { status: 400, code: "invalid_request" }),
      createKey("a", { allowed_ips: ["10.0.0.0/33"] }, "bad2", { status: 400, code: "invalid_request" }),
    ],
  },
];

function post404(path: string): HttpStep {
  return { method: "POST", path, body: { name: "x", environment: "live" }, expect: { status: 404 } };
}
