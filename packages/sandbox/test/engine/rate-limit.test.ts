import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, submit } from "./helpers.js";

describe("rate limits", () => {
  it("allows `requests` per fixed window on the account's clock, then 429 with Retry-After", async () => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, {
      name: "tight",
      environment: "test",
      rate_limit: { requests: 3, interval: "1m" },
    });
    const seen: Array<[number, string | null]> = [];
    for (let i = 0; i < 3; i++) {
      const answer = await call(sandbox, key.secret, "GET", "/v1/account");
      seen.push([answer.status, answer.headers.get("ratelimit-remaining")]);
    }
    expect(seen).toEqual([
      [200, "2"],
      [200, "1"],
      [200, "0"],
    ]);
    sandbox.advanceClock(20_000, { account_id: account.account_id });
    const limited = await call(sandbox, key.secret, "GET", "/v1/models");
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
    expect(limited.headers.get("retry-after")).toBe("40");
    expect(limited.headers.get("ratelimit-limit")).toBe("3");
    expect(limited.headers.get("ratelimit-reset")).toBe("40");
    sandbox.advanceClock(40_000, { account_id: account.account_id });
    const again = await call(sandbox, key.secret, "GET", "/v1/models");
    expect(again.status).toBe(200);
    expect(again.headers.get("ratelimit-remaining")).toBe("2");
  });

  it("puts RateLimit-* headers on every /v1 answer, errors included", async () => {
    const sandbox = createSandbox();
    for (const [key, path] of [
      [sandbox.keys.test, "/v1/key"],
      [null, "/v1/account"],
      [sandbox.keys.test, "/v1/requests/00000000-0000-4000-8000-000000000000"],
      [sandbox.keys.test, "/v1/nowhere"],
    ] as const) {
      const answer = await call(sandbox, key, "GET", path);
      expect([
        path,
        answer.headers.get("ratelimit-limit"),
        answer.headers.has("ratelimit-remaining"),
        answer.headers.has("ratelimit-reset"),
      ]).toEqual([path, "120", true, true]);
    }
  });

  it("counts a request in one step after the IP and scope checks: their 403s and the 429 show the window uncounted", async () => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, {
      name: "read only, tight",
      environment: "test",
      scopes: ["read"],
      allowed_ips: ["127.0.0.1"],
      rate_limit: { requests: 2, interval: "1m" },
    });
    const seen: Array<[number, string | null, string | null]> = [];
    const record = (answer: { status: number; headers: Headers }) =>
      seen.push([answer.status, answer.headers.get("ratelimit-remaining"), answer.headers.get("ratelimit-limit")]);
    record(await call(sandbox, key.secret, "GET", "/v1/account"));
    record(await submit(sandbox, key.secret, "nano-banana-2", { prompt: "a" }));
    record(await call(sandbox, key.secret, "GET", "/v1/account", undefined, { clientIp: "10.0.0.1" }));
    record(await call(sandbox, key.secret, "GET", "/v1/account"));
    const limited = await call(sandbox, key.secret, "GET", "/v1/account");
    record(limited);
    record(await submit(sandbox, key.secret, "nano-banana-2", { prompt: "a" }));
    expect(seen).toEqual([
      [200, "1", "2"],
      [403, "1", "2"],
      [403, "1", "2"],
      [200, "0", "2"],
      [429, "0", "2"],
      [403, "0", "2"],
    ]);
    expect(limited.headers.get("retry-after")).toBe(limited.headers.get("ratelimit-reset"));
  });

  it("keeps one window per key: another key of the same account is unaffected", async () => {
    const sandbox = createSandbox();
    const { account, keys } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, {
      name: "one",
      environment: "test",
      rate_limit: { requests: 1 },
    });
    expect((await call(sandbox, key.secret, "GET", "/v1/key")).status).toBe(200);
    expect((await call(sandbox, key.secret, "GET", "/v1/key")).status).toBe(429);
    expect((await call(sandbox, keys.test, "GET", "/v1/key")).status).toBe(200);
  });

  it("limits live generations in flight to `concurrency`, then frees the slot when one ends", async () => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, { name: "two at a time", environment: "live", concurrency: 2 });
    expect((await submit(sandbox, key.secret, "flux-2-pro", { prompt: "a" })).status).toBe(200);
    expect((await submit(sandbox, key.secret, "flux-2-pro", { prompt: "b" })).status).toBe(200);
    const third = await submit(sandbox, key.secret, "flux-2-pro", { prompt: "c" });
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe("rate_limit_exceeded");
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(14);
    // Reads still work while the slots are full, and a test key is never limited by concurrency.
    expect((await call(sandbox, key.secret, "GET", "/v1/account")).status).toBe(200);
    sandbox.advanceClock(15_000, { account_id: account.account_id });
    expect((await submit(sandbox, key.secret, "flux-2-pro", { prompt: "c" })).status).toBe(200);
  });

  it("counts rate limits before idempotency: a replay past the limit is still a 429", async () => {
    const sandbox = createSandbox();
    const { account } = sandbox.createAccount();
    const key = sandbox.createKey(account.account_id, {
      name: "one",
      environment: "test",
      rate_limit: { requests: 1 },
    });
    const headers = { "idempotency-key": "k-1" };
    expect(
      (await call(sandbox, key.secret, "POST", "/v1/models/flux-2-pro", { input: { prompt: "p" } }, headers)).status,
    ).toBe(200);
    expect(
      (await call(sandbox, key.secret, "POST", "/v1/models/flux-2-pro", { input: { prompt: "p" } }, headers)).status,
    ).toBe(429);
  });
});
