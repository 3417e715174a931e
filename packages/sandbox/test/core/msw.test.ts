import { createSandbox } from "@clipia/sandbox";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

// The MSW transport: handlers for every base URL given, the core behind global fetch, media
// answered in process, and server.use() overrides still winning.
const sandbox = createSandbox({
  baseUrl: ["https://api.clipia.ai", "https://staging.example.test"],
  clientIp: "203.0.113.5",
});
const server = setupServer(...sandbox.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const headers = (key: string) => ({ authorization: `Bearer ${key}`, "content-type": "application/json" });

describe("MSW transport", () => {
  it("answers each base URL given, and the default ones when none is", async () => {
    for (const base of ["https://api.clipia.ai", "https://staging.example.test"]) {
      const response = await fetch(`${base}/v1/models`, { headers: headers(sandbox.keys.test) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { object: string }).object).toBe("list");
    }
    const plain = createSandbox();
    const other = setupServer(...plain.handlers);
    server.close();
    other.listen({ onUnhandledRequest: "error" });
    try {
      for (const base of ["https://api.clipia.ai", "http://127.0.0.1:4010"]) {
        expect((await fetch(`${base}/v1/account`, { headers: headers(plain.keys.test) })).status).toBe(200);
      }
    } finally {
      other.close();
      server.listen({ onUnhandledRequest: "error" });
    }
  });

  it("status and response URLs, and media, are on the base URL the request came to", async () => {
    const submitted = await fetch("https://staging.example.test/v1/models/nano-banana-2", {
      method: "POST",
      headers: headers(sandbox.keys.test),
      body: JSON.stringify({ input: { prompt: "x" } }),
    });
    const body = (await submitted.json()) as { status_url: string; response_url: string };
    expect(body.status_url.startsWith("https://staging.example.test/v1/requests/")).toBe(true);
    const result = (await (await fetch(body.response_url, { headers: headers(sandbox.keys.test) })).json()) as {
      output: { images: Array<{ url: string; original_url: string }> };
    };
    for (const url of [result.output.images[0]!.url, result.output.images[0]!.original_url]) {
      expect(url.startsWith("https://staging.example.test/media/")).toBe(true);
      const media = await fetch(url);
      expect(media.status).toBe(200);
      expect(media.headers.get("content-type")).toMatch(/^image\//);
    }
  });

  it("hands the configured client IP to the allow-lists", async () => {
    const inside = sandbox.createKey(sandbox.account.account_id, {
      name: "ip",
      environment: "test",
      allowed_ips: ["203.0.113.0/24"],
    });
    const outside = sandbox.createKey(sandbox.account.account_id, {
      name: "ip2",
      environment: "test",
      allowed_ips: ["127.0.0.1"],
    });
    expect((await fetch("https://api.clipia.ai/v1/account", { headers: { "x-api-key": inside.secret } })).status).toBe(
      200,
    );
    expect((await fetch("https://api.clipia.ai/v1/account", { headers: { "x-api-key": outside.secret } })).status).toBe(
      403,
    );
  });

  it("answers a body over 1 MiB with 413 without hanging on MSW's cloned stream", async () => {
    const response = await fetch("https://api.clipia.ai/v1/models/nano-banana-2", {
      method: "POST",
      headers: headers(sandbox.keys.test),
      body: JSON.stringify({ input: { prompt: "x".repeat(1024 * 1024 + 1) } }),
    });
    expect(response.status).toBe(413);
  }, 5_000);

  it("lets server.use() overrides win", async () => {
    server.use(http.get("https://api.clipia.ai/v1/account", () => HttpResponse.json({ overridden: true })));
    const response = await fetch("https://api.clipia.ai/v1/account", { headers: { "x-api-key": sandbox.keys.test } });
    expect(await response.json()).toEqual({ overridden: true });
  });
});
