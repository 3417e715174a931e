import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf } from "./support.js";

const BODY = { input: { prompt: "retry me" } };
const post = (sandbox: ReturnType<typeof createSandbox>, key: string, idempotencyKey: string, body: unknown = BODY) =>
  call(sandbox, { path: "/v1/models/clipia-video-1", key, body, headers: { "idempotency-key": idempotencyKey } });

describe("Idempotency-Key", () => {
  it("replays the first response as first sent and charges once", async () => {
    const sandbox = createSandbox();
    const first = await post(sandbox, sandbox.keys.live, "k1");
    sandbox.advanceClock(30_000); // the generation completes meanwhile
    const again = await post(sandbox, sandbox.keys.live, "k1", { input: { prompt: "retry me" } });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    const account = await call(sandbox, { path: "/v1/account", key: sandbox.keys.live });
    expect(account.body.balance_credits).toBe(950);
  });

  it("409 idempotency_key_reused for a different body or path", async () => {
    const sandbox = createSandbox();
    await post(sandbox, sandbox.keys.live, "k2");
    const other = await post(sandbox, sandbox.keys.live, "k2", { input: { prompt: "something else" } });
    expect([other.status, codeOf(other)]).toEqual([409, "idempotency_key_reused"]);
  });

  it("is scoped to the API key", async () => {
    const sandbox = createSandbox();
    const live = await post(sandbox, sandbox.keys.live, "shared");
    const test = await post(sandbox, sandbox.keys.test, "shared");
    expect([live.status, test.status]).toEqual([202, 200]);
    expect(test.headers.get("idempotent-replayed")).toBeNull();
  });

  it("expires after 24 hours of sandbox time", async () => {
    const sandbox = createSandbox();
    const first = await post(sandbox, sandbox.keys.live, "k3");
    sandbox.advanceClock(24 * 3600_000 + 1);
    const later = await post(sandbox, sandbox.keys.live, "k3");
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
  });

  it("409 idempotency_request_in_progress while the first is still running", async () => {
    const sandbox = createSandbox();
    sandbox.injectFault({ path: "/v1/models/clipia-video-1", delay_ms: 200 });
    const slow = post(sandbox, sandbox.keys.live, "k4");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const concurrent = await post(sandbox, sandbox.keys.live, "k4");
    expect([concurrent.status, codeOf(concurrent)]).toEqual([409, "idempotency_request_in_progress"]);
    expect((await slow).status).toBe(202);
    expect((await post(sandbox, sandbox.keys.live, "k4")).headers.get("idempotent-replayed")).toBe("true");
  });

  it("does not record errors: a retry after a 400 is processed again", async () => {
    const sandbox = createSandbox();
    const bad = await post(sandbox, sandbox.keys.live, "k5", { input: {} });
    expect(bad.status).toBe(400);
    const fixed = await post(sandbox, sandbox.keys.live, "k5", { input: {} });
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
  });

  it("accepts a key of 255 characters and rejects 256 (400, nothing charged)", async () => {
    const sandbox = createSandbox();
    const reply = await post(sandbox, sandbox.keys.live, "x".repeat(256));
    expect([reply.status, codeOf(reply), reply.body.error.param]).toEqual([400, "invalid_request", "Idempotency-Key"]);
    expect((await post(sandbox, sandbox.keys.live, "y".repeat(255))).status).toBe(202);
    expect((await post(sandbox, sandbox.keys.live, "y".repeat(255))).headers.get("idempotent-replayed")).toBe("true");
    const account = await call(sandbox, { path: "/v1/account", key: sandbox.keys.live });
    expect(account.body.balance_credits).toBe(950);
  });

  it("the same key on another path is a 409 idempotency_key_reused", async () => {
    const sandbox = createSandbox();
    await post(sandbox, sandbox.keys.live, "p1");
    const other = await call(sandbox, { path: "/v1/models/clipia-video-1-fast", key: sandbox.keys.live, body: BODY, headers: { "idempotency-key": "p1" } });
    expect([other.status, codeOf(other)]).toEqual([409, "idempotency_key_reused"]);
  });

  it("replays a key creation with the same secret, which is never stored", async () => {
    const sandbox = createSandbox();
    const create = () =>
      call(sandbox, { path: "/v1/keys", key: sandbox.keys.admin, body: { name: "ci", environment: "test" }, headers: { "idempotency-key": "c1" } });
    const first = await create();
    const again = await create();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(JSON.stringify(sandbox.snapshot())).not.toContain(first.body.secret);
    const list = await call(sandbox, { path: "/v1/keys?environment=test", key: sandbox.keys.admin });
    expect(list.body.data).toHaveLength(3);
  });
});
