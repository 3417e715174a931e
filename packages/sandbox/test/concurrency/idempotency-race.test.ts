import { withContract } from "@clipia/contract";
import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

// Many concurrent requests with one Idempotency-Key: one generation and one charge, whatever
// the interleaving; every other request is a replay of it or a 409 in progress.

const MODEL = "clipia-video-1-fast"; // 4 credits per second, 5 s by default: 20 credits
const COST = 20;
const noWebhooks = async () => new Response(null, { status: 204 });
type Send = (request: Request) => Promise<Response>;

interface Result {
  status: number;
  replayed: boolean;
  body: { id?: string; error?: { code: string } };
}

async function race(send: Send, baseUrl: string, key: string, idempotencyKey: string, n: number): Promise<Result[]> {
  const responses = await Promise.all(
    Array.from({ length: n }, () =>
      send(
        new Request(`${baseUrl}/v1/models/${MODEL}`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": idempotencyKey },
          body: JSON.stringify({ input: { prompt: "one and only" } }),
        }),
      ),
    ),
  );
  return Promise.all(
    responses.map(async (r) => ({ status: r.status, replayed: r.headers.get("idempotent-replayed") === "true", body: (await r.json()) as Result["body"] })),
  );
}

async function state(send: Send, baseUrl: string, key: string) {
  const account = (await (await send(new Request(`${baseUrl}/v1/account`, { headers: { authorization: `Bearer ${key}` } }))).json()) as { balance_credits: number };
  const list = (await (await send(new Request(`${baseUrl}/v1/generations?limit=100`, { headers: { authorization: `Bearer ${key}` } }))).json()) as { data: Array<{ id: string }> };
  return { balance: account.balance_credits, generations: list.data.map((g) => g.id) };
}

describe.each(["in process", "over HTTP"] as const)("one Idempotency-Key, many concurrent requests (%s)", (transport) => {
  let sandbox: Sandbox;
  let server: SandboxServer | undefined;
  let send: Send;
  let baseUrl: string;
  let key: string;

  beforeAll(async () => {
    if (transport === "in process") {
      sandbox = createSandbox({ seed: 3, fetch: noWebhooks });
      baseUrl = "https://api.clipia.ai";
      send = withContract((request: Request) => sandbox.fetch(request));
    } else {
      server = await startSandboxServer({ port: 0, host: "127.0.0.1", seed: 3 });
      sandbox = server.sandbox;
      baseUrl = server.url.replace(/\/$/, "");
      send = withContract((request: Request) => fetch(request));
    }
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    key = sandbox.createAccount({ balance_credits: 1000 }).keys.live;
  });

  it("without a delay: one 202, the rest replays of it or 409 in progress; one generation, one charge", async () => {
    const results = await race(send, baseUrl, key, "same-key", 200);

    const first = results.filter((r) => r.status === 202 && !r.replayed);
    expect(first).toHaveLength(1);
    const id = first[0]!.body.id;
    for (const r of results) {
      if (r.status === 202) expect(r.body.id).toBe(id);
      else expect([r.status, r.body.error?.code]).toEqual([409, "idempotency_request_in_progress"]);
    }
    expect(await state(send, baseUrl, key)).toEqual({ balance: 1000 - COST, generations: [id] });
  });

  it("with the first held by a delay_ms fault: all others 409 in progress, then a replay; one generation, one charge", async () => {
    sandbox.injectFault({ method: "POST", path: `/v1/models/${MODEL}`, delay_ms: 300 });
    const results = await race(send, baseUrl, key, "held-key", 100);

    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.error?.code === "idempotency_request_in_progress")).toHaveLength(99);
    const id = results.find((r) => r.status === 202)!.body.id;

    const [again] = await race(send, baseUrl, key, "held-key", 1);
    expect(again).toMatchObject({ status: 202, replayed: true, body: { id } });
    expect(await state(send, baseUrl, key)).toEqual({ balance: 1000 - COST, generations: [id] });
  });
});
