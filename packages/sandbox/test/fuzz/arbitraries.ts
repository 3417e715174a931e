import { CATALOG } from "@clipia/sandbox";
import fc from "fast-check";

// Generated requests are plain data (so fast-check prints a readable counterexample). Keys,
// request and key ids are symbolic (`{ ref: "live" }`) and resolved against each run's
// fixtures, because their values only exist once a sandbox does.

/** A credential the fixtures hold, by name. */
export const KEY_REFS = [
  "live",
  "test",
  "test_read_only",
  "limited",
  "fenced",
  "disabled",
  "revoked",
  "read_only_live",
  "include_image",
  "slow_rate",
  "poor_live",
  "other_live",
  "other_test",
] as const;
export type KeyRef = (typeof KEY_REFS)[number];
/** An id the fixtures hold, by name. */
export const ID_REFS = [
  "req_live",
  "req_test",
  "req_slow",
  "req_failed",
  "req_other",
  "key_limited",
  "key_revoked",
  "key_other",
  "account",
  "other_account",
  "delivery",
] as const;
export type IdRef = (typeof ID_REFS)[number];

export type Segment = string | { ref: IdRef };
export type KeyValue = { ref: KeyRef; mutate?: "truncate" | "flip" | "suffix" | "lower" } | { literal: string };
export interface FuzzAuth {
  scheme: string | null;
  key: KeyValue | null;
  xApiKey: KeyValue | "same" | null;
}
export type FuzzBody =
  | { kind: "json"; value: unknown; contentType: string | null }
  | { kind: "text"; text: string; contentType: string | null }
  | { kind: "bytes"; text: string }
  | { kind: "huge" }
  | { kind: "deep"; depth: number; contentType: string | null }
  | { kind: "none" };
export interface FuzzRequest {
  method: string;
  path: readonly Segment[];
  query: [string, string][];
  auth: FuzzAuth;
  idempotencyKey: string | null;
  origin: string | null;
  body: FuzzBody;
  clientIp: string;
}

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const latin1 = fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code));
/** Text that can go in a header value (printable ASCII, some Latin-1). */
export const headerText = (maxLength = 40) =>
  fc.string({ unit: fc.oneof({ arbitrary: printable, weight: 9 }, { arbitrary: latin1, weight: 1 }), maxLength });
const unicode = (maxLength = 30) => fc.string({ unit: "grapheme", maxLength });

/** Every model of the embedded catalog, generation and text alike (derived, so a new model is fuzzed too). */
export const MODELS = CATALOG.map((entry) => entry.id);
const param: fc.Arbitrary<Segment> = fc.oneof(
  { arbitrary: fc.constantFrom(...ID_REFS).map((ref) => ({ ref })), weight: 6 },
  { arbitrary: fc.constantFrom(...MODELS), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      "00000000-0000-4000-8000-000000000000",
      "key_",
      "%2F",
      "%",
      "..",
      ".",
      "%00",
      "a%20b",
      "KEY_X",
      "clipia_live_abc",
      "NANO-BANANA-2",
    ),
    weight: 2,
  },
  { arbitrary: headerText(20).filter((s) => !s.includes("/") && !s.includes("?") && !s.includes("#")), weight: 2 },
  { arbitrary: unicode(8).map((s) => encodeURIComponent(s)), weight: 1 },
);
const randomSegment = fc.oneof(
  fc.constantFrom(
    "v1",
    "_sandbox",
    "models",
    "requests",
    "status",
    "estimate",
    "account",
    "key",
    "keys",
    "media",
    "V1",
    "",
  ),
  param,
);

const templates: fc.Arbitrary<readonly Segment[]> = fc.oneof(
  { arbitrary: fc.constant(["v1", "account"]), weight: 3 },
  { arbitrary: fc.constant(["v1", "key"]), weight: 2 },
  { arbitrary: fc.constant(["v1", "models"]), weight: 2 },
  { arbitrary: param.map((p) => ["v1", "models", p]), weight: 8 },
  { arbitrary: param.map((p) => ["v1", "models", p, "estimate"]), weight: 4 },
  { arbitrary: param.map((p) => ["v1", "requests", p]), weight: 4 },
  { arbitrary: param.map((p) => ["v1", "requests", p, "status"]), weight: 4 },
  { arbitrary: param.map((p) => ["v1", "requests", p, "cancel"]), weight: 1 },
  { arbitrary: fc.constantFrom(["v1", "generations"], ["v1", "keys"], ["v1", "chat", "completions"]), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      ["_sandbox", "accounts"],
      ["_sandbox", "clock"],
      ["_sandbox", "clock", "advance"],
      ["_sandbox", "faults"],
      ["_sandbox", "outcomes"],
      ["_sandbox", "reset"],
      ["_sandbox", "webhooks"],
    ),
    weight: 3,
  },
  { arbitrary: param.map((p) => ["_sandbox", "accounts", p, "keys"]), weight: 2 },
  { arbitrary: param.map((p) => ["_sandbox", "keys", p]), weight: 2 },
  { arbitrary: fc.array(randomSegment, { minLength: 0, maxLength: 5 }), weight: 2 },
);

const MEDIA_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/vnd.clipia+json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/jsonx",
  "",
];
const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { arbitrary: fc.constant("application/json"), weight: 12 },
  { arbitrary: fc.constantFrom(...MEDIA_TYPES), weight: 3 },
  { arbitrary: fc.constant(null), weight: 1 },
);

const optionalDate = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();
const oddValue = fc.oneof(
  fc.constant(null),
  fc.constant(""),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  unicode(6),
);

const input = fc.record(
  {
    prompt: fc.oneof(
      { arbitrary: fc.constantFrom("a cat", "a sunset over mountains, cinematic"), weight: 6 },
      { arbitrary: unicode(40), weight: 2 },
      { arbitrary: oddValue, weight: 1 },
    ),
    image_url: fc.constantFrom("https://example.com/a.png", "not a url", 5, ""),
    image_urls: fc.oneof(fc.constant(["https://example.com/a.png"]), fc.constant([]), oddValue),
    aspect_ratio: fc.constantFrom("16:9", "9:16", "1:1", "4:3", "7:3", 3),
    duration: fc.oneof(
      fc.constantFrom(4, 5, 8, 10, 12, 15),
      fc.integer({ min: -1, max: 30 }),
      fc.constantFrom(5.5, "5", null),
    ),
    resolution: fc.constantFrom("480p", "720p", "1080p", "1K", "2K", "4K", "8K", 720),
    num_images: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom("2", 1.5)),
    seed: fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, "1")),
    generate_audio: fc.oneof(fc.boolean(), fc.constantFrom("yes", 1)),
    extra: oddValue,
  },
  { requiredKeys: [] },
);
const validInput = fc.record(
  { prompt: fc.constantFrom("a cat", "a dog", "mountains"), aspect_ratio: fc.constantFrom("16:9", "1:1") },
  { requiredKeys: ["prompt"] },
);
const submitBody = fc.oneof(
  { arbitrary: fc.record({ input: validInput }), weight: 4 },
  {
    arbitrary: fc.record({
      input: validInput,
      webhook_url: fc.constantFrom(
        "https://hooks.example.com/x",
        "http://127.0.0.1:9/hook",
        "http://hooks.example.com/x",
        "ftp://x",
        42,
        null,
      ),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record(
      {
        input: fc.oneof({ arbitrary: input, weight: 9 }, { arbitrary: oddValue, weight: 1 }),
        webhook_url: fc.constantFrom("https://hooks.example.com/x", "not a url"),
        metadata: oddValue,
      },
      { requiredKeys: [] },
    ),
    weight: 3,
  },
);

const scopes = fc.oneof(fc.subarray(["generate", "read"]), fc.constantFrom(["admin"], ["read", "read"], "read", null));
const keyFields = {
  name: fc.oneof(fc.constantFrom("key", "", "x".repeat(101)), unicode(10), oddValue),
  environment: fc.constantFrom("live", "test", "admin", 1),
  scopes,
  expires_at: fc.oneof(
    fc.integer({ min: -3, max: 400 }).map(optionalDate),
    fc.constantFrom(null, "tomorrow", 5, "2026-13-01T00:00:00Z"),
  ),
  credit_limit: fc.oneof(fc.integer({ min: -1, max: 200 }), fc.constantFrom(null, 1.5, "10", 1e20)),
  rate_limit: fc.oneof(
    fc.record({ requests: fc.integer({ min: 0, max: 500 }), interval: fc.constantFrom("1m", "1h", "x") }),
    oddValue,
  ),
  concurrency: fc.oneof(fc.integer({ min: -1, max: 20 }), oddValue),
  model_access: fc.oneof(
    fc.constant({ mode: "all", models: [] }),
    fc.record({ mode: fc.constantFrom("include", "exclude"), models: fc.subarray([...MODELS, "nope"]) }),
    fc.constantFrom({ mode: "include" }, { mode: "x" }, "all"),
  ),
  allowed_ips: fc.oneof(
    fc.subarray(["127.0.0.1", "10.0.0.0/8", "::1", "2001:db8::/32", "::ffff:10.0.0.1"]),
    fc.constantFrom(["999.1.1.1"], ["10.0.0.0/33"], "1.2.3.4", [5]),
  ),
  disabled: fc.oneof(fc.boolean(), fc.constantFrom("yes", null)),
};
const keyBody = fc.oneof(
  fc.record(
    {
      name: fc.constantFrom("ci", "prod"),
      environment: fc.constantFrom("live", "test"),
      scopes: fc.constantFrom(["generate"], ["read"], ["generate", "read"]),
      credit_limit: fc.integer({ min: 1, max: 100 }),
    },
    { requiredKeys: ["name", "environment"] },
  ),
  fc.record({ ...keyFields }, { requiredKeys: [] }),
);
const accountBody = fc.record(
  {
    balance_credits: fc.oneof(
      fc.integer({ min: -5, max: 5000 }),
      fc.constantFrom(1.5, "5", null, Number.MAX_SAFE_INTEGER, 1e300),
    ),
    x: oddValue,
  },
  { requiredKeys: [] },
);
const accountRef = fc.oneof(
  { arbitrary: fc.constantFrom("account", "other_account").map((ref) => ({ ref: ref as IdRef })), weight: 4 },
  { arbitrary: fc.constantFrom("acct_nope", 5, null), weight: 1 },
);
// `all: true` is the only way to the whole sandbox (SPEC §5.4); anything else in it is a 400.
const wholeSandbox = fc.constantFrom(true, false, "true", null);
const clockBody = fc.record(
  {
    ms: fc.oneof(
      fc.integer({ min: -5, max: 700_000 }),
      fc.constantFrom(1.5, "5", null, 86_400_000, 1e15, Number.MAX_SAFE_INTEGER, 1e300),
    ),
    account_id: accountRef,
    all: wholeSandbox,
    x: oddValue,
  },
  { requiredKeys: [] },
);
// Faults answer documented statuses only (an arbitrary status would be outside the contract by
// construction); invalid definitions exercise the control plane's 400s.
const faultBody = fc.oneof(
  fc.record(
    {
      method: fc.constantFrom("GET", "POST"),
      path: fc.constantFrom("/v1/account", "/v1/models", "/v1/models/nano-banana-2", "/v1/key"),
      status: fc.constantFrom(429, 500, 503),
      count: fc.integer({ min: 1, max: 3 }),
      retry_after: fc.integer({ min: 0, max: 5 }),
      delay_ms: fc.constantFrom(0, 1, 2),
      account_id: accountRef,
    },
    { requiredKeys: ["status"] },
  ),
  fc.record(
    {
      method: fc.constantFrom("GET", "get", "G E T", 5),
      path: fc.constantFrom("/v1/account", "no-slash", 5),
      status: fc.constantFrom(429, 500, 503, 99, 600, "500", null),
      code: fc.constantFrom("Bad Code", 5, ""),
      count: fc.constantFrom(1, 0, -1, 1.5),
      retry_after: fc.constantFrom(0, 30, -1, "2"),
      delay_ms: fc.constantFrom(0, -1, 60_001, "1"),
      extra: oddValue,
    },
    { requiredKeys: [] },
  ),
);
const outcomeBody = fc.record(
  {
    outcome: fc.constantFrom("FAILED", "CANCELED", "SLOW", "failed", "EXPLODED", 1),
    model: fc.constantFrom(...MODELS, "nope", 5),
    count: fc.constantFrom(1, 2, 0, -1, "1"),
    account_id: accountRef,
  },
  { requiredKeys: [] },
);
const resetBody = fc.record({ account_id: accountRef, all: wholeSandbox }, { requiredKeys: [] });

const body: fc.Arbitrary<FuzzBody> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("json" as const),
      value: fc.oneof(
        { arbitrary: submitBody, weight: 6 },
        { arbitrary: keyBody, weight: 2 },
        { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
        { arbitrary: fc.constant({}), weight: 1 },
      ),
      contentType,
    }),
    weight: 30,
  },
  { arbitrary: fc.constant({ kind: "none" as const }), weight: 8 },
  {
    // Mutated JSON: a valid-ish body with a slice cut out.
    arbitrary: fc.tuple(submitBody, fc.nat(), fc.nat({ max: 5 }), contentType).map(([value, at, cut, type]) => {
      const text = JSON.stringify(value);
      const i = at % (text.length + 1);
      return { kind: "text" as const, text: text.slice(0, i) + text.slice(i + cut), contentType: type };
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("text" as const),
      text: fc.oneof(unicode(60), fc.constantFrom("null", "[]", "1", '"s"', "{}", " ", '{"input":')),
      contentType,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("bytes" as const),
      text: fc.oneof(fc.constant('{"input":{"prompt":"a"}}'), unicode(20)),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("deep" as const),
      depth: fc.constantFrom(10, 63, 64, 65, 200, 5000),
      contentType,
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ kind: "huge" as const }), weight: 1 },
);

const keyValue: fc.Arbitrary<KeyValue> = fc.oneof(
  {
    arbitrary: fc
      .constantFrom<KeyRef>("live", "test", "limited", "poor_live", "other_live", "slow_rate")
      .map((ref) => ({ ref })),
    weight: 24,
  },
  { arbitrary: fc.constantFrom(...KEY_REFS).map((ref) => ({ ref })), weight: 6 },
  {
    arbitrary: fc.record({
      ref: fc.constantFrom(...KEY_REFS),
      mutate: fc.constantFrom("truncate" as const, "flip" as const, "suffix" as const, "lower" as const),
    }),
    weight: 2,
  },
  {
    arbitrary: fc
      .oneof(
        headerText(50),
        fc.constantFrom(
          "clipia_live_",
          "clipia_admin_abc",
          `CLIPIA_LIVE_${"a".repeat(32)}`,
          "sk-1234",
          `clipia_live_${"a".repeat(32)}`,
          `clipia_test_${"0".repeat(129)}`,
        ),
      )
      .map((literal) => ({ literal })),
    weight: 2,
  },
);
const auth: fc.Arbitrary<FuzzAuth> = fc.record({
  scheme: fc.oneof(
    { arbitrary: fc.constant("Bearer"), weight: 12 },
    { arbitrary: fc.constantFrom("bearer", "Key", "KEY", "key"), weight: 4 },
    { arbitrary: fc.constantFrom("Basic", "Token", "", "Bearer Bearer"), weight: 2 },
    { arbitrary: fc.constant(null), weight: 1 },
  ),
  key: fc.oneof({ arbitrary: keyValue, weight: 19 }, { arbitrary: fc.constant(null), weight: 1 }),
  xApiKey: fc.oneof(
    { arbitrary: fc.constant(null), weight: 12 },
    { arbitrary: fc.constant("same" as const), weight: 2 },
    { arbitrary: keyValue, weight: 2 },
  ),
});

const query = fc.array(
  fc.tuple(
    fc.constantFrom("account_id", "limit", "type", "x"),
    fc.oneof(headerText(10), fc.constantFrom("1", "image", "")),
  ),
  { maxLength: 2 },
);

const json = (value: fc.Arbitrary<unknown>) => fc.record({ kind: fc.constant("json" as const), value, contentType });
const mostly = (value: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: json(value), weight: 6 }, { arbitrary: body, weight: 1 });
const none = fc.constant<FuzzBody>({ kind: "none" });
const get = (path: fc.Arbitrary<readonly Segment[]>) => fc.record({ method: fc.constant("GET"), path, body: none });
const request = fc.oneof(
  {
    arbitrary: fc
      .constantFrom<IdRef>("req_live", "req_test", "req_slow", "req_failed", "req_other")
      .map((ref) => ({ ref })),
    weight: 4,
  },
  { arbitrary: param, weight: 1 },
);
const model = fc.oneof({ arbitrary: fc.constantFrom(...MODELS), weight: 6 }, { arbitrary: param, weight: 1 });
const keyId = fc.oneof(
  { arbitrary: fc.constantFrom<IdRef>("key_limited", "key_revoked", "key_other").map((ref) => ({ ref })), weight: 4 },
  { arbitrary: param, weight: 1 },
);
const account = fc.oneof(
  { arbitrary: fc.constantFrom<IdRef>("account", "other_account").map((ref) => ({ ref })), weight: 4 },
  { arbitrary: param, weight: 1 },
);
/** Method, path and body that fit one endpoint (the body still often invalid). */
const endpoint = fc.oneof(
  get(fc.constant(["v1", "account"])),
  get(fc.constant(["v1", "key"])),
  get(fc.constant(["v1", "models"])),
  get(model.map((m) => ["v1", "models", m])),
  {
    arbitrary: fc.record({
      method: fc.constant("POST"),
      path: model.map((m) => ["v1", "models", m]),
      body: mostly(submitBody),
    }),
    weight: 10,
  },
  {
    arbitrary: fc.record({
      method: fc.constant("POST"),
      path: model.map((m) => ["v1", "models", m, "estimate"]),
      body: mostly(fc.record({ input })),
    }),
    weight: 3,
  },
  { arbitrary: get(request.map((r) => ["v1", "requests", r])), weight: 3 },
  { arbitrary: get(request.map((r) => ["v1", "requests", r, "status"])), weight: 3 },
  get(fc.constantFrom(["_sandbox", "accounts"], ["_sandbox", "clock"], ["_sandbox", "webhooks"])),
  get(account.map((a) => ["_sandbox", "accounts", a, "keys"])),
  get(account.map((a) => ["_sandbox", "accounts", a, "requests"])),
  get(account.map((a) => ["_sandbox", "accounts", a, "usage"])),
  fc.record({ method: fc.constant("POST"), path: fc.constant(["_sandbox", "accounts"]), body: mostly(accountBody) }),
  {
    arbitrary: fc.record({
      method: fc.constant("POST"),
      path: account.map((a) => ["_sandbox", "accounts", a, "keys"]),
      body: mostly(keyBody),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      method: fc.constant("PATCH"),
      path: keyId.map((k) => ["_sandbox", "keys", k]),
      body: mostly(fc.record({ ...keyFields }, { requiredKeys: [] })),
    }),
    weight: 2,
  },
  fc.record({ method: fc.constant("DELETE"), path: keyId.map((k) => ["_sandbox", "keys", k]), body: none }),
  {
    arbitrary: fc.record({
      method: fc.constant("POST"),
      path: fc.constant(["_sandbox", "clock", "advance"]),
      body: mostly(clockBody),
    }),
    weight: 2,
  },
  fc.record({ method: fc.constant("POST"), path: fc.constant(["_sandbox", "faults"]), body: mostly(faultBody) }),
  fc.record({ method: fc.constant("POST"), path: fc.constant(["_sandbox", "outcomes"]), body: mostly(outcomeBody) }),
  fc.record({
    method: fc.constant("POST"),
    path: request.map((r) => ["_sandbox", "requests", r, "cancel"]),
    body: none,
  }),
  fc.record({
    method: fc.constant("POST"),
    path: account.map((a) => ["_sandbox", "accounts", a, "webhook-secret", "rotate"]),
    body: none,
  }),
  fc.record({
    method: fc.constant("POST"),
    path: fc
      .constantFrom<Segment>({ ref: "delivery" }, "whd_nope")
      .map((d) => ["_sandbox", "webhooks", d, "redeliver"]),
    body: none,
  }),
  {
    arbitrary: fc.record({
      method: fc.constant("POST"),
      path: fc.constant(["_sandbox", "reset"]),
      body: mostly(resetBody),
    }),
    weight: 1,
  },
);
const anything = fc.record({
  method: fc.oneof(
    { arbitrary: fc.constantFrom("GET", "POST"), weight: 12 },
    { arbitrary: fc.constantFrom("PATCH", "DELETE"), weight: 4 },
    { arbitrary: fc.constantFrom("PUT", "HEAD", "OPTIONS", "patch", "delete", "FOO"), weight: 1 },
  ),
  path: templates,
  body,
});

/** One generated request. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    target: fc.oneof({ arbitrary: endpoint, weight: 3 }, { arbitrary: anything, weight: 1 }),
    query,
    auth,
    idempotencyKey: fc.oneof(
      { arbitrary: fc.constant(null), weight: 14 },
      { arbitrary: fc.constantFrom("idem-1", "idem-2"), weight: 4 },
      { arbitrary: headerText(30), weight: 1 },
      { arbitrary: fc.integer({ min: 250, max: 300 }).map((n) => "k".repeat(n)), weight: 1 },
    ),
    origin: fc.oneof(
      { arbitrary: fc.constant(null), weight: 12 },
      { arbitrary: fc.constantFrom("https://evil.example", "https://api.clipia.ai", "null"), weight: 1 },
    ),
    clientIp: fc.oneof(
      { arbitrary: fc.constant("127.0.0.1"), weight: 8 },
      { arbitrary: fc.constantFrom("10.1.2.3", "::1", "::ffff:10.0.0.1", "203.0.113.9"), weight: 2 },
    ),
  })
  .map(({ target, ...rest }) => ({ ...rest, ...target }));
