import { checkResponse } from "@clipia/contract";
import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";

// Cases the fuzzer found, kept as plain tests so they stay fixed whatever the seed.

const sandbox = createSandbox({ seed: 42, fetch: async () => new Response(null, { status: 204 }) });

async function send(method: string, path: string, init: { key?: string; body?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  const request = new Request(`https://api.clipia.ai${path}`, {
    method,
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const response = await sandbox.fetch(request);
  const text = await response.text();
  const valid = checkResponse({
    method,
    url: request.url,
    status: response.status,
    headers: response.headers,
    body: text,
  }).valid;
  return { status: response.status, body: JSON.parse(text) as { error?: { code: string } }, valid };
}

describe("fuzz regressions", () => {
  it("a malformed percent-escape in a path parameter is that parameter, not a crash", async () => {
    const put = await send("PUT", "/v1/models/%", { key: sandbox.keys.live });
    expect(put.status).toBe(405);
    expect(put.valid).toBe(true);
    const get = await send("GET", "/v1/models/%E0%A4%A", { key: sandbox.keys.live });
    expect([get.status, get.body.error?.code]).toEqual([404, "not_found"]);
    expect(get.valid).toBe(true);
    const status = await send("GET", "/v1/requests/%/status", { key: sandbox.keys.live });
    expect([status.status, status.body.error?.code]).toEqual([404, "not_found"]);
  });

  it("a clock advance past year 9998 is a 400 (not a 500, nor a time that is not RFC 3339)", async () => {
    for (const ms of [Number.MAX_SAFE_INTEGER, 8.64e15, 1e15, 253_402_300_800_000 - Date.now()]) {
      const reply = await send("POST", "/_sandbox/clock/advance", { body: JSON.stringify({ ms, all: true }) });
      expect([reply.status, reply.body.error?.code]).toEqual([400, "invalid_request"]);
      expect(reply.valid).toBe(true);
    }
    const fine = await send("POST", "/_sandbox/clock/advance", {
      body: JSON.stringify({ ms: 100 * 365 * 86_400_000, all: true }),
    });
    expect(fine.status).toBe(200);
    const account = await send("GET", "/v1/account", { key: sandbox.keys.live });
    expect(account.status).toBe(200);
  });
});
