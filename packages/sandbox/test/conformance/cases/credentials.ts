import { corruptChecksum, get, generate, post, wellFormedKey } from "../helpers.js";
import type { ConformanceCase } from "../types.js";

const realm = 'Bearer realm="clipia"';
const invalidToken = /^Bearer realm="clipia", error="invalid_token"/;
const unauthorized = (message: RegExp, sentKey = true) => ({
  status: 401,
  code: "invalid_api_key",
  message,
  headers: { "www-authenticate": sentKey ? invalidToken : realm },
});
const prompt = { prompt: "a lighthouse at dusk" };

/** SPEC §1 credentials and header schemes, §3 401 / 400 conflicting_credentials. */
export const credentialCases: ConformanceCase[] = [
  {
    name: "no credential: 401 missing, WWW-Authenticate without error",
    covers: ["401 invalid_api_key missing"],
    steps: [get("/v1/account", undefined, unauthorized(/missing/i, false))],
  },
  {
    name: "a key with a bad checksum is malformed",
    covers: ["401 invalid_api_key malformed", "key checksum"],
    steps: [get("/v1/account", undefined, unauthorized(/malformed/i), { headers: (v) => ({ authorization: `Bearer ${corruptChecksum(v.a.live)}` }) })],
  },
  {
    name: "a key of the wrong length is malformed",
    covers: ["401 invalid_api_key malformed"],
    steps: [get("/v1/account", undefined, unauthorized(/malformed/i), { headers: (v) => ({ authorization: `Bearer ${v.a.live}x` }) })],
  },
  {
    name: "a well-formed key nobody issued is unknown",
    covers: ["401 invalid_api_key unknown", "key checksum"],
    steps: [
      get("/v1/account", undefined, unauthorized(/unknown|not recogni[sz]ed|does not exist/i), {
        headers: { authorization: `Bearer ${wellFormedKey("clipia_live_")}` },
      }),
    ],
  },
  {
    name: "Authorization: Basic is a malformed credential",
    covers: ["401 invalid_api_key Basic scheme"],
    steps: [
      get("/v1/account", undefined, { status: 401, code: "invalid_api_key" }, {
        headers: (v) => ({ authorization: `Basic ${btoa(`${v.a.live}:`)}` }),
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
      ["X-Api-Key", "X-Api-Key", (k: string) => k],
      ["x-api-key (lower case name)", "x-api-key", (k: string) => k],
    ] as const
  ).map(
    ([label, header, value]): ConformanceCase => ({
      name: `header scheme ${label} is accepted`,
      covers: ["header schemes"],
      steps: [
        get("/v1/account", undefined, { status: 200, body: { object: "account", environment: "live" } }, {
          headers: (v) => ({ [header]: value(v.a.live) }),
        }),
      ],
    }),
  ),
  {
    name: "Authorization and X-Api-Key with the same key: accepted",
    covers: ["conflicting credentials same key"],
    steps: [
      get("/v1/account", undefined, { status: 200 }, { headers: (v) => ({ authorization: `Bearer ${v.a.test}`, "x-api-key": v.a.test }) }),
    ],
  },
  {
    name: "Authorization and X-Api-Key with different keys: 400 conflicting_credentials",
    covers: ["400 conflicting_credentials"],
    steps: [
      get("/v1/account", undefined, { status: 400, code: "conflicting_credentials" }, {
        headers: (v) => ({ authorization: `Bearer ${v.a.live}`, "x-api-key": v.a.test }),
      }),
    ],
  },
  {
    name: "each default key reads its account in its own environment",
    covers: ["GET /v1/account", "redacted_value"],
    steps: [
      get("/v1/account", "a.live", {
        status: 200,
        body: { object: "account", id: "{{a.account.id}}", environment: "live", balance_credits: 1000, key: { object: "api_key", environment: "live", redacted_value: /^clipia_live_…[0-9A-Za-z]{4}$/ } },
        check: (body, v) => {
          if (JSON.stringify(body).includes(v.a.live)) throw new Error("the account response leaks the key secret");
        },
      }),
      get("/v1/account", "a.test", { status: 200, body: { environment: "test", key: { environment: "test" } } }),
      get("/v1/account", "a.admin", { status: 200, body: { environment: "admin" } }),
    ],
  },
  {
    name: "a read-only key cannot generate or cancel: 403 insufficient_scope naming the scope",
    covers: ["403 insufficient_scope", "scopes read"],
    steps: [
      generate("a.test_read_only", "clipia-image-1", prompt, {
        status: 403,
        code: "insufficient_scope",
        message: /generate/,
        headers: { "www-authenticate": /error="insufficient_scope".*scope="generate"/ },
      }),
      generate("a.test", "clipia-image-1", prompt, { status: 200 }, { save: "g" }),
      post("/v1/generations/{{g.id}}/cancel", "a.test_read_only", undefined, { status: 403, code: "insufficient_scope" }),
      get("/v1/generations/{{g.id}}", "a.test_read_only", { status: 200, body: { id: "{{g.id}}" } }),
      get("/v1/generations", "a.test_read_only", { status: 200, body: { object: "list" } }),
    ],
  },
  {
    name: "scope is checked before the model exists (check order)",
    covers: ["check order scope before 404"],
    steps: [generate("a.test_read_only", "no-such-model", prompt, { status: 403, code: "insufficient_scope" })],
  },
  {
    name: "API keys on /v1/keys*: 403 admin_key_required",
    covers: ["403 admin_key_required"],
    steps: [
      get("/v1/keys", "a.live", { status: 403, code: "admin_key_required" }),
      post("/v1/keys", "a.test", { name: "x", environment: "test" }, { status: 403, code: "admin_key_required" }),
    ],
  },
  {
    name: "the admin key on generations: 403 api_key_required; it may read account and models",
    covers: ["403 api_key_required", "admin key reads"],
    steps: [
      generate("a.admin", "clipia-image-1", prompt, { status: 403, code: "api_key_required" }),
      get("/v1/generations", "a.admin", { status: 403, code: "api_key_required" }),
      get("/v1/generations/gen_doesnotexist", "a.admin", { status: 403, code: "api_key_required" }),
      get("/v1/models", "a.admin", { status: 200, body: { object: "list" } }),
      get("/v1/models/clipia-video-1", "a.admin", { status: 200, body: { id: "clipia-video-1" } }),
    ],
  },
];
