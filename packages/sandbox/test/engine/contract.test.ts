import { contractFetch } from "@clipia/contract";
import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call } from "./helpers.js";

// The engine's answers on the main paths, each validated against openapi.yaml / sandbox.openapi.yaml
// by contractFetch (a mismatch throws a ContractError).
describe("answers match the contract", () => {
  it("along a live request's whole life, and the reads around it", async () => {
    const sandbox = createSandbox();
    const checked = {
      fetch: contractFetch((input: RequestInfo | URL, init?: RequestInit) => sandbox.fetch(input, init)),
    };
    const { keys, account } = sandbox.createAccount();
    const id = account.account_id;
    const submitted = await call(checked, keys.live, "POST", "/v1/models/kling-3", {
      input: { prompt: "p", duration: 10 },
      webhook_url: "https://hooks.example.com/x",
    });
    expect(submitted.status).toBe(200);
    const requestId = submitted.body.request_id as string;
    const seen: number[] = [];
    for (const step of [0, 5_000, 40_000, 45_000]) {
      sandbox.advanceClock(step, { account_id: id });
      seen.push((await call(checked, keys.live, "GET", `/v1/requests/${requestId}`)).status);
      await call(checked, keys.live, "GET", `/v1/requests/${requestId}/status`);
    }
    expect(seen).toEqual([202, 202, 202, 200]);
    for (const path of ["/v1/models", "/v1/models/kling-3", "/v1/models/gpt-5.5", "/v1/account", "/v1/key"]) {
      expect((await call(checked, keys.test, "GET", path)).status).toBe(200);
    }
    expect(
      (await call(checked, keys.test, "POST", "/v1/models/wan-2-7/estimate", { input: { prompt: "p" } })).body,
    ).toEqual({ credits: 24 });
    expect((await call(checked, null, "GET", `/_sandbox/accounts/${id}/requests`)).status).toBe(200);
    expect((await call(checked, null, "GET", `/_sandbox/webhooks?account_id=${id}`)).body.data[0].status).toBe(
      "not_sent",
    );
  });

  it.each([
    ["no key", null, "GET", "/v1/account", undefined, 401],
    ["a bad input", "test", "POST", "/v1/models/sora-2", { input: { prompt: "p", seed: -1 } }, 422],
    ["a read-only key", "test_read_only", "POST", "/v1/models/sora-2", { input: { prompt: "p" } }, 403],
    ["an unknown model", "test", "POST", "/v1/models/sora-9", { input: { prompt: "p" } }, 404],
    ["an unknown request", "test", "GET", "/v1/requests/00000000-0000-4000-8000-000000000000", undefined, 404],
    ["a text model", "test", "POST", "/v1/models/claude-sonnet-4-6", { input: { prompt: "p" } }, 400],
    ["an unknown field", "test", "POST", "/v1/models/sora-2", { input: { prompt: "p" }, metadata: {} }, 400],
    ["another method", "test", "DELETE", "/v1/account", undefined, 405],
  ] as const)("for %s (%s %s %s → %i)", async (_, key, method, path, body, status) => {
    const sandbox = createSandbox();
    const checked = {
      fetch: contractFetch((input: RequestInfo | URL, init?: RequestInit) => sandbox.fetch(input, init)),
    };
    const secret = key === null ? null : sandbox.keys[key];
    expect((await call(checked, secret, method, path, body)).status).toBe(status);
  });
});
