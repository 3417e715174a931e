import fc from "fast-check";

// Generated requests are plain data (so fast-check prints a readable counterexample). Keys,
// generation and key ids are symbolic (`{ ref: "live" }`) and resolved against each run's
// fixtures, because their values only exist once a sandbox does.

/** A credential the fixtures hold, by name. */
export const KEY_REFS = ["admin", "live", "test", "test_read_only", "limited", "fenced", "disabled", "revoked", "read_only_live", "include_image", "poor_live", "other_admin", "other_live"] as const;
export type KeyRef = (typeof KEY_REFS)[number];
/** An id the fixtures hold, by name. */
export const ID_REFS = ["gen_live", "gen_test", "gen_slow", "gen_other", "key_limited", "key_revoked", "key_other", "key_live_default"] as const;
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
  body: FuzzBody;
  clientIp: string;
}

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const latin1 = fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCharCode(code));
/** Text that can go in a header value (printable ASCII, some Latin-1). */
export const headerText = (maxLength = 40) => fc.string({ unit: fc.oneof({ arbitrary: printable, weight: 9 }, { arbitrary: latin1, weight: 1 }), maxLength });
const unicode = (maxLength = 30) => fc.string({ unit: "grapheme", maxLength });

const MODELS = ["clipia-video-1", "clipia-video-1-fast", "clipia-video-1-i2v", "clipia-image-1"];
const param: fc.Arbitrary<Segment> = fc.oneof(
  { arbitrary: fc.constantFrom(...ID_REFS).map((ref) => ({ ref })), weight: 6 },
  { arbitrary: fc.constantFrom(...MODELS), weight: 4 },
  { arbitrary: fc.constantFrom("gen_", "key_", "gen_0000000000000000", "%2F", "%", "..", ".", "%00", "a%20b", "KEY_X", "clipia_live_abc"), weight: 2 },
  { arbitrary: headerText(20).filter((s) => !s.includes("/") && !s.includes("?") && !s.includes("#")), weight: 2 },
  { arbitrary: unicode(8).map((s) => encodeURIComponent(s)), weight: 1 },
);
const randomSegment = fc.oneof(fc.constantFrom("v1", "_sandbox", "models", "keys", "generations", "account", "cancel", "roll", "V1", ""), param);

const templates: fc.Arbitrary<readonly Segment[]> = fc.oneof(
  { arbitrary: fc.constant(["v1", "account"]), weight: 3 },
  { arbitrary: fc.constant(["v1", "models"]), weight: 2 },
  { arbitrary: param.map((p) => ["v1", "models", p]), weight: 8 },
  { arbitrary: fc.constant(["v1", "generations"]), weight: 3 },
  { arbitrary: param.map((p) => ["v1", "generations", p]), weight: 3 },
  { arbitrary: param.map((p) => ["v1", "generations", p, "cancel"]), weight: 4 },
  { arbitrary: fc.constant(["v1", "keys"]), weight: 4 },
  { arbitrary: param.map((p) => ["v1", "keys", p]), weight: 5 },
  { arbitrary: param.map((p) => ["v1", "keys", p, "roll"]), weight: 3 },
  { arbitrary: fc.constantFrom(["_sandbox", "accounts"], ["_sandbox", "clock", "advance"], ["_sandbox", "faults"], ["_sandbox", "reset"]), weight: 3 },
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

const when = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const oddValue = fc.oneof(fc.constant(null), fc.constant(""), fc.integer(), fc.double(), fc.boolean(), fc.constant([]), fc.constant({}), unicode(6));

const fuzzyGenerationBody = fc.record(
  {
    input: fc.oneof(
      {
        arbitrary: fc.record(
          {
            prompt: fc.oneof(fc.constantFrom("a cat", "sandbox:fail", "sandbox:slow", "", "x".repeat(2001)), unicode(40), oddValue),
            duration_seconds: fc.oneof(fc.integer({ min: -1, max: 12 }), fc.constantFrom(5.5, "5", null, 1e9)),
            aspect_ratio: fc.constantFrom("16:9", "9:16", "1:1", "4:3", 3),
            seed: fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, "1")),
            image_url: fc.constantFrom("https://example.com/a.png", "not a url", 5, ""),
            extra: oddValue,
          },
          { requiredKeys: [] },
        ),
        weight: 9,
      },
      { arbitrary: oddValue, weight: 1 },
    ),
    webhook_url: fc.constantFrom("https://hooks.example.com/x", "http://127.0.0.1:9/hook", "http://hooks.example.com/x", "ftp://x", 42, null),
    metadata: fc.oneof(fc.dictionary(headerText(45), fc.oneof({ arbitrary: headerText(20), weight: 5 }, { arbitrary: oddValue, weight: 1 }), { maxKeys: 18 }), oddValue),
    unknown_field: oddValue,
  },
  { requiredKeys: [] },
);
const validGenerationBody = fc.record(
  {
    input: fc.record(
      {
        prompt: fc.oneof(fc.constantFrom("a cat", "sandbox:fail", "sandbox:slow"), unicode(20).filter((p) => p.length > 0)),
        duration_seconds: fc.integer({ min: 1, max: 10 }),
        aspect_ratio: fc.constantFrom("16:9", "9:16", "1:1"),
        seed: fc.nat(),
      },
      { requiredKeys: ["prompt"] },
    ),
    metadata: fc.dictionary(fc.constantFrom("a", "b", "order"), headerText(10), { maxKeys: 3 }),
  },
  { requiredKeys: ["input"] },
);
const generationBody = fc.oneof({ arbitrary: validGenerationBody, weight: 3 }, { arbitrary: fuzzyGenerationBody, weight: 2 });

const scopes = fc.oneof(fc.subarray(["generate", "read"]), fc.constantFrom(["admin"], ["read", "read"], "read", null));
const keyFields = {
  name: fc.oneof(fc.constantFrom("key", "", "x".repeat(101)), unicode(10), oddValue),
  environment: fc.constantFrom("live", "test", "admin", 1),
  scopes,
  expires_at: fc.oneof(fc.integer({ min: -3, max: 400 }).map(when), fc.constantFrom(null, "tomorrow", 5, "2026-13-01T00:00:00Z")),
  credit_limit: fc.oneof(fc.integer({ min: -1, max: 200 }), fc.constantFrom(null, 1.5, "10", 1e20)),
  model_access: fc.oneof(
    fc.constant({ mode: "all" }),
    fc.record({ mode: fc.constantFrom("include", "exclude"), models: fc.subarray([...MODELS, "nope"]) }),
    fc.constantFrom({ mode: "include" }, { mode: "x" }, "all", { mode: "all", models: [] }),
  ),
  allowed_ips: fc.oneof(fc.subarray(["127.0.0.1", "10.0.0.0/8", "::1", "2001:db8::/32", "::ffff:10.0.0.1"]), fc.constantFrom(["999.1.1.1"], ["10.0.0.0/33"], "1.2.3.4", [5])),
  disabled: fc.oneof(fc.boolean(), fc.constantFrom("yes", null)),
};
const validKeyBody = fc.record(
  {
    name: fc.constantFrom("ci", "prod"),
    environment: fc.constantFrom("live", "test"),
    scopes: fc.constantFrom(["generate"], ["read"], ["generate", "read"]),
    credit_limit: fc.integer({ min: 1, max: 100 }),
    model_access: fc.constant({ mode: "include", models: ["clipia-image-1"] }),
  },
  { requiredKeys: ["name", "environment"] },
);
const createKeyBody = fc.oneof(validKeyBody, fc.record({ ...keyFields }, { requiredKeys: [] }));
const updateKeyBody = fc.record({ ...keyFields }, { requiredKeys: [] });
const rollBody = fc.record({ expire_current_in_seconds: fc.oneof(fc.constantFrom(0, 60, 604_800, 604_801, -1, "5", 1.5, null)), other: oddValue }, { requiredKeys: [] });
const accountBody = fc.record({ balance_credits: fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constantFrom(1.5, "5", null, Number.MAX_SAFE_INTEGER, 1e300)), x: oddValue }, { requiredKeys: [] });
const clockBody = fc.record({ ms: fc.oneof(fc.integer({ min: -5, max: 700_000 }), fc.constantFrom(1.5, "5", null, 86_400_000, 1e15, Number.MAX_SAFE_INTEGER, 1e300)), x: oddValue }, { requiredKeys: [] });
// Faults answer documented statuses only (an arbitrary status would be outside the contract by
// construction); invalid definitions are there to exercise the control plane's 400s.
const validFaultBody = fc.record(
  {
    method: fc.constantFrom("GET", "POST", "PATCH", "DELETE"),
    path: fc.constantFrom("/v1/account", "/v1/models*", "/v1/*", "/v1/keys", "/v1/generations*"),
    status: fc.constantFrom(429, 500, 503),
    count: fc.integer({ min: 1, max: 3 }),
    retry_after: fc.integer({ min: 0, max: 5 }),
    phase: fc.constantFrom("before", "after"),
    network_error: fc.boolean(),
    delay_ms: fc.constantFrom(0, 1, 2),
  },
  { requiredKeys: ["status"] },
);
const fuzzyFaultBody = fc.record(
  {
    method: fc.constantFrom("GET", "POST", "PATCH", "DELETE", "get", "G E T", 5),
    path: fc.constantFrom("/v1/account", "/v1/models*", "/v1/*", "/v1/keys", "no-slash", 5),
    status: fc.constantFrom(429, 500, 503, 99, 600, "500", null),
    code: fc.constantFrom("Bad Code", 5, ""),
    count: fc.constantFrom(1, 2, 0, -1, 1.5),
    retry_after: fc.constantFrom(0, 1, 30, -1, "2"),
    phase: fc.constantFrom("before", "after", "during"),
    network_error: fc.constantFrom(true, false, "yes"),
    delay_ms: fc.constantFrom(0, 1, 2, -1, 60_001, "1"),
    extra: oddValue,
  },
  { requiredKeys: [] },
);
const faultBody = fc.oneof(validFaultBody, fuzzyFaultBody);

const jsonBodyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: generationBody, weight: 10 },
  { arbitrary: createKeyBody, weight: 4 },
  { arbitrary: updateKeyBody, weight: 4 },
  { arbitrary: rollBody, weight: 2 },
  { arbitrary: accountBody, weight: 1 },
  { arbitrary: clockBody, weight: 1 },
  { arbitrary: faultBody, weight: 2 },
  { arbitrary: fc.constant({}), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
);

const body: fc.Arbitrary<FuzzBody> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("json" as const), value: jsonBodyValue, contentType }), weight: 30 },
  { arbitrary: fc.constant({ kind: "none" as const }), weight: 8 },
  {
    // Mutated JSON: a valid-ish body with a slice cut out.
    arbitrary: fc.tuple(generationBody, fc.nat(), fc.nat({ max: 5 }), contentType).map(([value, at, cut, type]) => {
      const text = JSON.stringify(value);
      const i = at % (text.length + 1);
      return { kind: "text" as const, text: text.slice(0, i) + text.slice(i + cut), contentType: type };
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant("text" as const), text: fc.oneof(unicode(60), fc.constantFrom("null", "[]", "1", '"s"', "{}", " ", "{\"input\":")), contentType }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("bytes" as const), text: fc.oneof(fc.constant('{"input":{"prompt":"a"}}'), unicode(20)) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("deep" as const), depth: fc.constantFrom(10, 63, 64, 65, 200, 5000), contentType }), weight: 1 },
  { arbitrary: fc.constant({ kind: "huge" as const }), weight: 1 },
);

const keyValue: fc.Arbitrary<KeyValue> = fc.oneof(
  { arbitrary: fc.constantFrom<KeyRef>("admin", "live", "test", "limited", "poor_live").map((ref) => ({ ref })), weight: 24 },
  { arbitrary: fc.constantFrom(...KEY_REFS).map((ref) => ({ ref })), weight: 6 },
  {
    arbitrary: fc.record({ ref: fc.constantFrom(...KEY_REFS), mutate: fc.constantFrom("truncate" as const, "flip" as const, "suffix" as const, "lower" as const) }),
    weight: 2,
  },
  {
    arbitrary: fc.oneof(
      headerText(50),
      fc.constantFrom("clipia_live_", "clipia_admin_", "CLIPIA_LIVE_" + "a".repeat(36), "sk-1234", `clipia_live_${"a".repeat(36)}`, `clipia_test_${"0".repeat(36)}`),
    ).map((literal) => ({ literal })),
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
  xApiKey: fc.oneof({ arbitrary: fc.constant(null), weight: 12 }, { arbitrary: fc.constant("same" as const), weight: 2 }, { arbitrary: keyValue, weight: 2 }),
});

const QUERY_NAMES = ["limit", "after", "status", "model", "environment", "x"];
const queryValue = (name: string) => {
  switch (name) {
    case "limit":
      return fc.constantFrom("1", "2", "20", "100", "0", "101", "-1", "abc", "1e2", "", "050", "1.5");
    case "after":
      return fc.oneof(fc.integer({ min: 0, max: 30 }).map((n) => btoa(`c1:${n}`).replace(/=+$/, "")), headerText(12));
    case "status":
      return fc.constantFrom("queued", "in_progress", "completed", "failed", "canceled", "active", "revoked", "exhausted", "bogus", "");
    case "model":
      return fc.constantFrom(...MODELS, "nope");
    case "environment":
      return fc.constantFrom("live", "test", "admin", "");
    default:
      return headerText(10);
  }
};
const query = fc.array(fc.constantFrom(...QUERY_NAMES).chain((name) => queryValue(name).map((value) => [name, value] as [string, string])), { maxLength: 3 });

const json = (value: fc.Arbitrary<unknown>) => fc.record({ kind: fc.constant("json" as const), value, contentType });
const mostly = (value: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: json(value), weight: 6 }, { arbitrary: body, weight: 1 });
const get = (path: fc.Arbitrary<readonly Segment[]>) => fc.record({ method: fc.constant("GET"), path, body: fc.constant<FuzzBody>({ kind: "none" }) });
const id = fc.oneof({ arbitrary: fc.constantFrom(...ID_REFS).map((ref) => ({ ref })), weight: 4 }, { arbitrary: param, weight: 1 });
const model = fc.oneof({ arbitrary: fc.constantFrom(...MODELS), weight: 6 }, { arbitrary: param, weight: 1 });
/** Method, path and body that fit one endpoint (the body still often invalid). */
const endpoint = fc.oneof(
  get(fc.constant(["v1", "account"])),
  get(fc.constant(["v1", "models"])),
  get(model.map((m) => ["v1", "models", m])),
  { arbitrary: fc.record({ method: fc.constant("POST"), path: model.map((m) => ["v1", "models", m]), body: mostly(generationBody) }), weight: 8 },
  get(fc.constant(["v1", "generations"])),
  { arbitrary: get(id.map((g) => ["v1", "generations", g])), weight: 2 },
  { arbitrary: fc.record({ method: fc.constant("POST"), path: id.map((g) => ["v1", "generations", g, "cancel"]), body: fc.oneof(json(fc.constant({})), body) }), weight: 2 },
  { arbitrary: fc.record({ method: fc.constant("POST"), path: fc.constant(["v1", "keys"]), body: mostly(createKeyBody) }), weight: 4 },
  get(fc.constant(["v1", "keys"])),
  { arbitrary: get(id.map((k) => ["v1", "keys", k])), weight: 2 },
  { arbitrary: fc.record({ method: fc.constant("PATCH"), path: id.map((k) => ["v1", "keys", k]), body: mostly(updateKeyBody) }), weight: 3 },
  { arbitrary: fc.record({ method: fc.constant("DELETE"), path: id.map((k) => ["v1", "keys", k]), body: fc.constant<FuzzBody>({ kind: "none" }) }), weight: 2 },
  { arbitrary: fc.record({ method: fc.constant("POST"), path: id.map((k) => ["v1", "keys", k, "roll"]), body: mostly(rollBody) }), weight: 2 },
  fc.record({ method: fc.constant("POST"), path: fc.constant(["_sandbox", "accounts"]), body: mostly(accountBody) }),
  fc.record({ method: fc.constant("POST"), path: fc.constant(["_sandbox", "clock", "advance"]), body: mostly(clockBody) }),
  fc.record({ method: fc.constant("POST"), path: fc.constant(["_sandbox", "faults"]), body: mostly(faultBody) }),
  { arbitrary: fc.record({ method: fc.constant("POST"), path: fc.constant(["_sandbox", "reset"]), body }), weight: 1 },
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
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  target: fc.oneof({ arbitrary: endpoint, weight: 3 }, { arbitrary: anything, weight: 1 }),
  query,
  auth,
  idempotencyKey: fc.oneof(
    { arbitrary: fc.constant(null), weight: 14 },
    { arbitrary: fc.constantFrom("idem-1", "idem-2"), weight: 4 },
    { arbitrary: headerText(30), weight: 1 },
    { arbitrary: fc.integer({ min: 250, max: 300 }).map((n) => "k".repeat(n)), weight: 1 },
  ),
  clientIp: fc.oneof({ arbitrary: fc.constant("127.0.0.1"), weight: 8 }, { arbitrary: fc.constantFrom("10.1.2.3", "::1", "::ffff:10.0.0.1", "203.0.113.9"), weight: 2 }),
}).map(({ target, ...rest }) => ({ ...rest, ...target }));
