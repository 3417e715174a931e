import { createHmac } from "node:crypto";
import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, codeOf } from "./support.js";

/** A webhook receiver passed in as the sandbox's fetch. */
function receiver() {
  const received: Request[] = [];
  let notify: () => void = () => undefined;
  const fetch = async (request: Request) => {
    received.push(request);
    notify();
    return new Response(null, { status: 204 });
  };
  const next = (count: number) =>
    new Promise<void>((resolve) => {
      notify = () => received.length >= count && resolve();
      notify();
    });
  return { fetch, received, next };
}

describe("webhooks", () => {
  it("POSTs the final Generation signed with HMAC-SHA256 of `t.body` under the whole whsec_ secret", async () => {
    const hook = receiver();
    const sandbox = createSandbox({ fetch: hook.fetch });
    const created = await call(sandbox, {
      path: "/v1/models/clipia-image-1",
      key: sandbox.keys.live,
      body: { input: { prompt: "x" }, webhook_url: "https://hooks.example.com/clipia" },
    });
    sandbox.advanceClock(3_600_000);
    await hook.next(1);
    const request = hook.received[0] as Request;
    expect([request.method, request.url]).toEqual(["POST", "https://hooks.example.com/clipia"]);
    const body = await request.text();
    const signature = request.headers.get("clipia-signature") ?? "";
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
    expect(match).not.toBeNull();
    const [, t, v1] = match as RegExpExecArray;
    expect(v1).toBe(createHmac("sha256", sandbox.webhookSecret).update(`${t}.${body}`).digest("hex"));
    // Signed at real time even with the sandbox clock an hour ahead, so receivers' tolerance holds.
    expect(Math.abs(Number(t) * 1000 - Date.now())).toBeLessThan(5_000);
    expect(JSON.parse(body)).toMatchObject({ id: created.body.id, status: "completed" });
  });

  it("fires for test keys, failures and cancellations, and swallows delivery errors", async () => {
    const hook = receiver();
    let calls = 0;
    const sandbox = createSandbox({
      fetch: async (request) => {
        calls++;
        if (calls === 1) throw new TypeError("connection refused");
        return hook.fetch(request);
      },
    });
    const body = (prompt: string) => ({ input: { prompt }, webhook_url: "http://127.0.0.1:9/hook" });
    await call(sandbox, { path: "/v1/models/clipia-image-1", key: sandbox.keys.test, body: body("lost") });
    await call(sandbox, { path: "/v1/models/clipia-image-1", key: sandbox.keys.test, body: body("sandbox:fail") });
    const live = await call(sandbox, { path: "/v1/models/clipia-image-1", key: sandbox.keys.live, body: body("x") });
    await call(sandbox, { method: "POST", path: `/v1/generations/${live.body.id}/cancel`, key: sandbox.keys.live });
    await hook.next(2);
    const statuses = await Promise.all(hook.received.map(async (r) => JSON.parse(await r.text()).status));
    expect(statuses.sort()).toEqual(["canceled", "failed"]);
  });

  it.each([
    ["http://example.com/hook", 400],
    ["ftp://127.0.0.1/hook", 400],
    ["not a url", 400],
    ["http://localhost:3000/hook", 200],
    ["http://[::1]:3000/hook", 200],
    ["https://example.com/hook", 200],
  ])("webhook_url %s → %i", async (url, status) => {
    const sandbox = createSandbox({ fetch: async () => new Response(null) });
    const reply = await call(sandbox, { path: "/v1/models/clipia-image-1", key: sandbox.keys.test, body: { input: { prompt: "x" }, webhook_url: url } });
    expect(reply.status).toBe(status);
    if (status === 400) expect(reply.body.error.param).toBe("webhook_url");
    else expect(codeOf(reply)).toBeUndefined();
  });
});
