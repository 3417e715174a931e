import { contractFetch } from "@clipia/contract";
import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";

/** One way to reach a sandbox: its object (for the control plane), a base URL and a validated fetch. */
export interface Target {
  sandbox: Sandbox;
  baseUrl: string;
  send: (request: Request) => Promise<Response>;
  close: () => Promise<void>;
}

const noWebhooks = async () => new Response(null, { status: 204 });

/** In process through `sandbox.fetch`, or over HTTP to `startSandboxServer` on port 0. */
export async function openTarget(kind: "in process" | "over HTTP", seed: number): Promise<Target> {
  if (kind === "in process") {
    const sandbox = createSandbox({ seed, fetch: noWebhooks });
    return {
      sandbox,
      baseUrl: "https://api.clipia.ai",
      send: contractFetch((request: Request) => sandbox.fetch(request)),
      close: async () => undefined,
    };
  }
  const server: SandboxServer = await startSandboxServer({ port: 0, host: "127.0.0.1", seed });
  return {
    sandbox: server.sandbox,
    baseUrl: server.url.replace(/\/$/, ""),
    send: contractFetch((request: Request) => fetch(request)),
    close: () => server.close(),
  };
}

/** A live key that the rate limit and the concurrency limit never stop (the races are about credits). */
export function unthrottledKey(
  target: Target,
  accountId: string,
  settings: Record<string, unknown> = {},
): { id: string; secret: string } {
  return target.sandbox.createKey(accountId, {
    name: "racer",
    environment: "live",
    rate_limit: { requests: 100_000, interval: "1m" },
    concurrency: 100_000,
    ...settings,
  });
}

export async function submitOnce(
  target: Target,
  key: string,
  model: string,
  prompt: string,
  headers: Record<string, string> = {},
) {
  const response = await target.send(
    new Request(`${target.baseUrl}/v1/models/${model}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: JSON.stringify({ input: { prompt } }),
    }),
  );
  return {
    status: response.status,
    body: (await response.json()) as { request_id?: string; cost?: number; error?: { code: string } },
  };
}

export async function getJson(target: Target, path: string, key: string): Promise<any> {
  const response = await target.send(
    new Request(`${target.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } }),
  );
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
}

/** `{ "200": n, "402 insufficient_credits": m }` */
export function tally(results: Array<{ status: number; body: { error?: { code: string } } }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, body } of results) {
    const label = status < 300 ? String(status) : `${status} ${body.error?.code}`;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}
