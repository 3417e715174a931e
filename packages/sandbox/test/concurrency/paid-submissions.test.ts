import { withContract } from "@clipia/contract";
import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Concurrent paid submissions: the check and the charge happen together, so however many
// requests race, a key's credit limit and an account's balance are never overspent and exactly
// the affordable number of generations are accepted.

const IMAGE = "clipia-image-1"; // 2 credits per generation
const COST = 2;
const noWebhooks = async () => new Response(null, { status: 204 });

type Send = (request: Request) => Promise<Response>;

async function submitMany(send: Send, baseUrl: string, key: string, count: number, prompt = "race") {
  const requests = Array.from({ length: count }, (_, i) =>
    send(
      new Request(`${baseUrl}/v1/models/${IMAGE}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ input: { prompt: `${prompt} ${i}` } }),
      }),
    ),
  );
  const responses = await Promise.all(requests);
  return Promise.all(responses.map(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string; error?: { code: string } } })));
}

async function get(send: Send, baseUrl: string, path: string, key: string) {
  const response = await send(new Request(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } }));
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

async function createLimitedKey(send: Send, baseUrl: string, admin: string, creditLimit: number) {
  const response = await send(
    new Request(`${baseUrl}/v1/keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "limited", environment: "live", credit_limit: creditLimit }),
    }),
  );
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; secret: string };
}

/** Counts the live generations an account's key can list (all pages). */
async function countGenerations(send: Send, baseUrl: string, key: string): Promise<number> {
  let count = 0;
  let after: string | null = null;
  do {
    const page = await get(send, baseUrl, `/v1/generations?limit=100${after ? `&after=${after}` : ""}`, key);
    count += page.data.length;
    after = page.next_cursor;
  } while (after);
  return count;
}

function tally(results: Array<{ status: number; body: { error?: { code: string } } }>) {
  const counts: Record<string, number> = {};
  for (const { status, body } of results) {
    const label = status < 300 ? String(status) : `${status} ${body.error?.code}`;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

describe.each([
  ["in process (sandbox.fetch)", 1000],
  ["over HTTP (startSandboxServer)", 300],
] as const)("concurrent paid submissions %s", (transport, n) => {
  let sandbox: Sandbox;
  let server: SandboxServer | undefined;
  let send: Send;
  let baseUrl: string;

  beforeAll(async () => {
    if (transport.startsWith("in process")) {
      sandbox = createSandbox({ seed: 11, fetch: noWebhooks });
      baseUrl = "https://api.clipia.ai";
      send = withContract((request: Request) => sandbox.fetch(request));
    } else {
      server = await startSandboxServer({ port: 0, host: "127.0.0.1", seed: 11 });
      sandbox = server.sandbox;
      baseUrl = server.url.replace(/\/$/, "");
      send = withContract((request: Request) => fetch(request));
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it(`${n} racing on a key with a credit limit: exactly the affordable ones pass, never overspent`, async () => {
    const limit = 101; // 50 generations fit (100 credits); the 51st would pass the limit
    const key = await createLimitedKey(send, baseUrl, sandbox.keys.admin, limit);
    const before = (await get(send, baseUrl, "/v1/account", sandbox.keys.live)).balance_credits as number;

    const results = await submitMany(send, baseUrl, key.secret, n);

    const affordable = Math.floor(limit / COST);
    expect(tally(results)).toEqual({ "202": affordable, "402 credit_limit_reached": n - affordable });
    expect(new Set(results.filter((r) => r.status === 202).map((r) => r.body.id)).size).toBe(affordable);
    const stored = await get(send, baseUrl, `/v1/keys/${key.id}`, sandbox.keys.admin);
    expect(stored.credits_used).toBe(affordable * COST);
    expect(stored.credits_used).toBeLessThanOrEqual(limit);
    const after = (await get(send, baseUrl, "/v1/account", sandbox.keys.live)).balance_credits as number;
    expect(before - after).toBe(affordable * COST);
  });

  it(`${n} racing on an account with a small balance: exactly the affordable ones pass, never below zero`, async () => {
    const balance = 25; // 12 generations fit, 1 credit left
    const account = sandbox.createAccount({ balance_credits: balance });

    const results = await submitMany(send, baseUrl, account.keys.live, n);

    const affordable = Math.floor(balance / COST);
    expect(tally(results)).toEqual({ "202": affordable, "402 insufficient_credits": n - affordable });
    const after = await get(send, baseUrl, "/v1/account", account.keys.live);
    expect(after.balance_credits).toBe(balance - affordable * COST);
    expect(after.key.credits_used).toBe(affordable * COST);
    expect(await countGenerations(send, baseUrl, account.keys.live)).toBe(affordable);
  });
});
