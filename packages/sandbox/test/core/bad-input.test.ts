import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, type Call, codeOf, createKey } from "./support.js";

const sandbox = createSandbox();
const { admin, live, test } = sandbox.keys;
const json = { "content-type": "application/json" };
const MiB = 1024 * 1024;

// [case, request, status, code]; none of them may change the store.
// [case, status, code, request]; none of them may change the store.
const CASES: Array<[string, number, string, Call]> = [
  ["malformed JSON", 400, "invalid_json", { path: "/v1/models/clipia-video-1", key: live, rawBody: '{"input":', headers: json }],
  ["deeply nested JSON", 400, "invalid_request", { path: "/v1/models/clipia-video-1", key: live, rawBody: `{"input":{"prompt":"x","a":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`, headers: json }],
  ["a JSON array body", 400, "invalid_request", { path: "/v1/models/clipia-video-1", key: live, rawBody: "[1]", headers: json }],
  ["a JSON string body", 400, "invalid_request", { path: "/v1/keys", key: admin, rawBody: '"x"', headers: json }],
  ["form-encoded body", 415, "unsupported_media_type", { path: "/v1/models/clipia-video-1", key: live, rawBody: "input=1", headers: { "content-type": "application/x-www-form-urlencoded" } }],
  ["text/plain body", 415, "unsupported_media_type", { path: "/v1/keys", key: admin, rawBody: "{}", headers: { "content-type": "text/plain" } }],
  ["a body of exactly 1 MiB (read, then judged on its input)", 400, "invalid_request", { path: "/v1/models/clipia-video-1", key: live, rawBody: `{"input":{"prompt":"${"x".repeat(MiB - 23)}"}}`, headers: json }],
  ["a body of 1 MiB + 1 byte", 413, "payload_too_large", { path: "/v1/models/clipia-video-1", key: live, rawBody: `{"input":{"prompt":"${"x".repeat(MiB - 22)}"}}`, headers: json }],
  ["a body over 1 MiB", 413, "payload_too_large", { path: "/v1/models/clipia-video-1", key: live, body: { input: { prompt: "x".repeat(MiB) } } }],
  ["a lying Content-Length", 413, "payload_too_large", { path: "/v1/models/clipia-video-1", key: live, rawBody: "x".repeat(MiB + 10), headers: { ...json } }],
  ["unknown top-level field", 400, "invalid_request", { path: "/v1/models/clipia-video-1", key: live, body: { input: { prompt: "x" }, extra: true } }],
  ["wrong input type", 400, "invalid_request", { path: "/v1/models/clipia-video-1", key: live, body: { input: { prompt: ["x"] } } }],
  ["metadata over 16 keys", 400, "invalid_request", { path: "/v1/models/clipia-image-1", key: live, body: { input: { prompt: "x" }, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) } }],
  ["a cancel with a body field", 400, "invalid_request", { path: "/v1/generations/gen_x/cancel", key: live, body: { reason: "x" } }],
  ["an unknown model", 404, "model_not_found", { path: "/v1/models/..%2F..%2Fetc", key: live, body: { input: { prompt: "x" } } }],
  ["a bad generation id", 404, "generation_not_found", { path: "/v1/generations/%00%ff", key: test }],
  ["a very long generation id", 404, "generation_not_found", { path: `/v1/generations/gen_${"a".repeat(5000)}`, key: test }],
  ["a bad key id", 404, "key_not_found", { method: "PATCH", path: "/v1/keys/'; DROP TABLE", key: admin, body: { name: "x" } }],
  ["a key update with a wrong type", 400, "invalid_request", { method: "PATCH", path: "/v1/keys/key_x", key: admin, body: { disabled: "yes" } }],
  ["a trailing slash", 404, "not_found", { path: "/v1/models/", key: test }],
  ["an unknown path", 404, "not_found", { path: "/v2/models", key: test }],
  ["a wrong method", 405, "method_not_allowed", { method: "PUT", path: "/v1/models", key: test, body: {} }],
  ["a bad limit", 400, "invalid_request", { path: "/v1/generations?limit=1e2", key: test }],
  ["a negative balance", 400, "invalid_request", { path: "/_sandbox/accounts", body: { balance_credits: -5 } }],
  ["malformed JSON on the control plane", 400, "invalid_json", { path: "/_sandbox/faults", rawBody: "{", headers: json }],
  ["a string clock advance", 400, "invalid_request", { path: "/_sandbox/clock/advance", body: { ms: "10" } }],
];

describe("bad input never changes the store", () => {
  // The clock is not part of the store: it moves with real time between the two snapshots.
  const store = () => ({ ...sandbox.snapshot(), clock: null });

  it.each(CASES)("%s → %i %s", async (_case, status, code, request) => {
    const before = store();
    const reply = await call(sandbox, request);
    expect([reply.status, codeOf(reply)]).toEqual([status, code]);
    expect(reply.body.error.request_id).toBe(reply.headers.get("x-request-id"));
    expect(store()).toEqual(before);
  });

  it("the comparison can fail: a valid request does change the store", async () => {
    const before = store();
    const reply = await call(sandbox, { path: "/v1/models/clipia-image-1", key: test, body: { input: { prompt: "x" } } });
    expect(reply.status).toBe(200);
    expect(store()).not.toEqual(before);
  });

  it("rejects a declared Content-Length over 1 MiB before reading the body", async () => {
    const request = new Request("https://api.clipia.ai/v1/models/clipia-video-1", {
      method: "POST",
      headers: { ...json, authorization: `Bearer ${live}`, "content-length": String(2 * MiB) },
      body: "{}",
    });
    const reply = await sandbox.fetch(request);
    expect(reply.status).toBe(413);
  });

  it("a 405 carries Allow with the path's methods", async () => {
    const reply = await call(sandbox, { method: "PUT", path: "/v1/keys/key_x", key: admin, body: {} });
    expect(reply.headers.get("allow")?.split(", ").sort()).toEqual(["DELETE", "GET", "PATCH"]);
  });

  it("never puts a secret in an error message", async () => {
    const key = await createKey(sandbox, {});
    const replies = await Promise.all([
      call(sandbox, { path: "/v1/keys", key: key.secret }),
      call(sandbox, { path: "/v1/account", headers: { authorization: `Bearer ${key.secret}`, "x-api-key": live } }),
      call(sandbox, { path: "/v1/account", key: `${key.secret}x` }),
      // A secret passed where an id belongs is echoed redacted, never whole.
      call(sandbox, { path: `/v1/keys/${key.secret}`, key: admin }),
      call(sandbox, { path: `/v1/generations/${live}`, key: live }),
      call(sandbox, { path: `/v1/${live}`, key: live }),
      call(sandbox, { path: "/v1/keys", key: admin, body: { name: "x", environment: "live", allowed_ips: [live] } }),
      // A secret pasted as a field name comes back redacted in `param`, `details` and the message.
      call(sandbox, { path: "/v1/keys", key: admin, body: { name: "x", environment: "live", [live]: true } }),
      call(sandbox, { path: "/v1/models/clipia-image-1", key: live, body: { input: { prompt: "x", [live]: 1 } } }),
      call(sandbox, { path: "/v1/models/clipia-image-1", key: live, body: { input: { prompt: "x" }, metadata: { [live]: 1 } } }),
      call(sandbox, { path: "/v1/keys", key: admin, body: { name: "x", environment: "live", model_access: { mode: "include", models: [live] } } }),
    ]);
    expect(replies.map((reply) => reply.status)).toEqual([403, 400, 401, 404, 404, 404, 400, 400, 400, 400, 400]);
    for (const reply of replies) {
      const text = JSON.stringify(reply.body);
      for (const secret of [key.secret, live]) expect(text).not.toContain(secret.slice(12));
    }
  });
});
