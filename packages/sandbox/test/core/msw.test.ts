import { createSandbox } from "@clipia/sandbox";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sandbox = createSandbox({ baseUrl: "https://api.clipia.ai", clientIp: "203.0.113.5" });
const server = setupServer(...sandbox.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe("MSW transport", () => {
  it("has one catch-all handler per base URL", () => {
    expect(sandbox.handlers).toHaveLength(1);
    expect(createSandbox().handlers).toHaveLength(2);
  });

  it("serves the core through global fetch", async () => {
    const response = await fetch("https://api.clipia.ai/v1/models?limit=1", {
      headers: { authorization: `Bearer ${sandbox.keys.test}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect((await response.json()).data).toHaveLength(1);
  });

  it("passes the configured client IP to allowed_ips", async () => {
    const created = await fetch("https://api.clipia.ai/v1/keys", {
      method: "POST",
      headers: { authorization: `Bearer ${sandbox.keys.admin}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "ip", environment: "test", allowed_ips: ["203.0.113.0/24"] }),
    });
    const { secret } = (await created.json()) as { secret: string };
    const response = await fetch("https://api.clipia.ai/v1/account", { headers: { "x-api-key": secret } });
    expect(response.status).toBe(200);
  });

  it("answers a body over 1 MiB with 413 without hanging on MSW's cloned stream", async () => {
    const response = await fetch("https://api.clipia.ai/v1/models/clipia-image-1", {
      method: "POST",
      headers: { authorization: `Bearer ${sandbox.keys.test}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "x".repeat(1024 * 1024 + 1) } }),
    });
    expect(response.status).toBe(413);
  }, 5_000);

  it("turns a network_error fault into a network error", async () => {
    sandbox.injectFault({ path: "/v1/account", network_error: true });
    await expect(fetch("https://api.clipia.ai/v1/account", { headers: { "x-api-key": sandbox.keys.test } })).rejects.toThrow(TypeError);
  });

  it("lets server.use() overrides win", async () => {
    server.use(http.get("https://api.clipia.ai/v1/account", () => HttpResponse.json({ overridden: true })));
    const response = await fetch("https://api.clipia.ai/v1/account", { headers: { "x-api-key": sandbox.keys.test } });
    expect(await response.json()).toEqual({ overridden: true });
    server.resetHandlers();
  });
});
