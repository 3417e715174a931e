import { CATALOG, createSandbox } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The console as the server serves it: a page and two assets from the sandbox itself (no CDN),
// that no other site may frame; and what the in-process transports answer at the same path.

let server: Awaited<ReturnType<typeof startSandboxServer>>;
beforeAll(async () => {
  server = await startSandboxServer({ port: 0 });
});
afterAll(() => server.close());

describe("the console page on the sandbox server", () => {
  it("is served at consoleUrl, loading only same-origin assets", async () => {
    expect(server.consoleUrl).toBe(`${server.url}/_sandbox/console`);
    const response = await fetch(server.consoleUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(["data:,", "/_sandbox/console/app.css", "/_sandbox/console/app.js"]);
  });

  it.each([
    ["/_sandbox/console", "text/html; charset=utf-8"],
    ["/_sandbox/console/app.js", "text/javascript; charset=utf-8"],
    ["/_sandbox/console/app.css", "text/css; charset=utf-8"],
  ])("%s carries the anti-framing and no-sniff headers and no CORS header", async (path, type) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("content-security-policy")).toContain("connect-src 'self'");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const head = await fetch(`${server.url}${path}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("the script talks to the control plane only (no absolute URL but the SVG namespace)", async () => {
    const script = await (await fetch(`${server.url}/_sandbox/console/app.js`)).text();
    expect(script).toContain("/_sandbox/");
    const urls = [...new Set(script.match(/https?:\/\/[^\s"'`)]+/g) ?? [])];
    expect(urls).toEqual(["http://www.w3.org/2000/svg"]);
  });

  it("leaves every other path to the core (a POST to the console path is not the page)", async () => {
    expect((await fetch(`${server.url}/_sandbox/console/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/_sandbox/console`, { method: "POST" })).status).toBe(405);
  });
});

describe("the control plane the console reads", () => {
  it("GET /_sandbox/models lists the catalog for the model picker", async () => {
    const body = (await (await fetch(`${server.url}/_sandbox/models`)).json()) as {
      data: Array<{ slug: string; type: string; name: string }>;
    };
    expect(body.data).toEqual(
      CATALOG.map((model) =>
        "slug" in model
          ? { slug: model.slug, type: model.type, name: model.name }
          : { slug: model.id, type: "text", name: model.name },
      ),
    );
  });

  it("account summaries carry the current webhook secret (reveal / copy), rotated in place", async () => {
    const sandbox = createSandbox();
    const account = sandbox.createAccount();
    const summary = () => sandbox.listAccounts().find((entry) => entry.account_id === account.account.account_id)!;
    expect(summary().webhook_secret).toBe(account.webhook_secret);
    const { webhook_secret } = sandbox.rotateWebhookSecret(account.account.account_id);
    expect(summary().webhook_secret).toBe(webhook_secret);
    expect(webhook_secret).not.toBe(account.webhook_secret);
  });

  it("request records carry the result's output once COMPLETED, and null before", async () => {
    const sandbox = createSandbox();
    const { account, keys } = sandbox.createAccount();
    const submit = async (key: string, model: string) => {
      const response = await sandbox.fetch(`http://127.0.0.1:4010/v1/models/${model}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ input: { prompt: "a fox" } }),
      });
      return ((await response.json()) as { request_id: string }).request_id;
    };
    const image = await submit(keys.test, "nano-banana-2");
    const video = await submit(keys.test, "kling-3");
    const pending = await submit(keys.live, "nano-banana-2");
    const records = new Map(sandbox.listRequests(account.account_id).map((record) => [record.request_id, record]));
    for (const id of [image, video]) {
      const result = await sandbox.fetch(`http://127.0.0.1:4010/v1/requests/${id}`, {
        headers: { authorization: `Bearer ${keys.test}` },
      });
      expect(records.get(id)!.output).toEqual(((await result.json()) as { output: unknown }).output);
    }
    expect(records.get(image)!.output).toHaveProperty("images");
    expect(records.get(video)!.output).toHaveProperty("video");
    expect(records.get(pending)!.output).toBeNull();
  });
});

describe("in process", () => {
  it("the console path answers a short page pointing to the server (the bundle is not in the root)", async () => {
    const sandbox = createSandbox();
    const response = await sandbox.fetch("http://127.0.0.1:4010/_sandbox/console");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("served by the sandbox server");
    expect(html).not.toContain("app.js");
  });
});
