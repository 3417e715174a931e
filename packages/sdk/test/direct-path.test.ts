import { Clipia } from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { apiError, json, REQUEST_ID, scriptedFetch, submitted, TEST_KEY } from "./helpers.js";

// Without middleware a resource's call skips openapi-fetch's call machinery (raw-client.ts,
// `direct`); with middleware it goes through openapi-fetch. Both must put the same request on the
// wire and read the same answer the same way: each case runs on both and compares.

const account = { account_id: "acc_1", balance: { credits: 10 }, usage_30d: { requests: 0, credits_spent: 0 } };
const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers });
const withLength = (status: number, body: unknown) => {
  const encoded = JSON.stringify(body);
  return text(status, encoded, { "content-type": "application/json", "content-length": String(encoded.length) });
};

type Call = (clipia: Clipia) => Promise<unknown>;
const cases: [name: string, reply: Response, call: Call][] = [
  ["a read, a body of unknown length", json(200, account), (c) => c.account.retrieve()],
  ["a read, a declared length", withLength(200, account), (c) => c.account.retrieve()],
  ["a path parameter that needs encoding", json(200, { slug: "x" }), (c) => c.models.retrieve("flux 2/pro?")],
  ["a query parameter that needs encoding", json(200, { data: {} }), (c) => c.generation.retrieve("gen 1&x=y")],
  [
    "a submit with a body, a caller's header and Idempotency-Key",
    json(200, submitted()),
    (c) =>
      c.queue.submit(
        "flux-2-pro",
        { input: { prompt: "a fox" } },
        { idempotencyKey: "k-1", headers: { "X-Extra": "1" } },
      ),
  ],
  [
    "an estimate, a declared length",
    withLength(200, { credits: 3 }),
    (c) => c.models.estimate("flux-2-pro", { input: { prompt: "a fox" } }),
  ],
  ["a 202 result", json(202, { request_id: REQUEST_ID, status: "IN_PROGRESS" }), (c) => c.queue.result(REQUEST_ID)],
  ["an empty 2xx (content-length 0)", text(200, "", { "content-length": "0" }), (c) => c.account.retrieve()],
  ["an empty 2xx of unknown length", text(200, ""), (c) => c.account.retrieve()],
  ["a 204", new Response(null, { status: 204 }), (c) => c.account.retrieve()],
  ["an error envelope", apiError(404, "not_found"), (c) => c.models.retrieve("nope")],
  [
    "an error that is not JSON",
    text(502, "upstream broke", { "content-type": "text/plain" }),
    (c) => c.account.retrieve(),
  ],
  ["a 2xx that is not JSON", text(200, "<html>"), (c) => c.account.retrieve()],
];

async function run(reply: Response, call: Call, middleware: boolean) {
  const fetch = scriptedFetch(reply);
  const clipia = new Clipia({ apiKey: TEST_KEY, fetch, maxRetries: 0, logLevel: "off" });
  const seen: string[] = [];
  if (middleware) clipia.raw.use({ onRequest: ({ request }) => void seen.push(request.url) });
  const outcome = await call(clipia).then(
    (data) => ({ data }),
    (error: Error & { status?: number; code?: string }) => ({
      error: [error.name, error.message, error.status, error.code],
    }),
  );
  const [sent] = fetch.calls;
  const request = sent && { method: sent.method, url: sent.url, headers: [...sent.headers], body: sent.body };
  return { outcome, request, seen };
}

describe("a resource's call, without middleware and through openapi-fetch", () => {
  it.each(cases)("%s: the same request, the same outcome", async (_name, reply, call) => {
    const direct = await run(reply.clone(), call, false);
    const through = await run(reply.clone(), call, true);
    expect(direct.request).toEqual(through.request);
    expect(direct.outcome).toEqual(through.outcome);
    // The middleware saw the call: it did go through openapi-fetch.
    expect(through.seen).toEqual([through.request?.url]);
  });

  it("the wire request is the one the API documents", async () => {
    const { request } = await run(json(200, submitted()), cases[4]![2], false);
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("https://api.clipia.ai/v1/models/flux-2-pro");
    expect(request?.body).toBe('{"input":{"prompt":"a fox"}}');
    expect(Object.fromEntries(request?.headers ?? [])).toMatchObject({
      "content-type": "application/json",
      "idempotency-key": "k-1",
      "x-extra": "1",
      authorization: `Bearer ${TEST_KEY}`,
    });
  });
});
