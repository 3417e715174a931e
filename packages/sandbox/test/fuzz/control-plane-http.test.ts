import { METHODS, request as httpRequest } from "node:http";
import { checkResponse } from "@clipia/contract";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzRequest } from "./arbitraries.js";
import { runCount } from "../support/run-size.js";
import { buildFixtures, type Fixtures, toRequest } from "./harness.js";

// The control plane fuzzed over HTTP, where the Host and Origin checks live: generated /_sandbox
// requests, each addressed to a generated Host (loopback names, the server's own, IP literals,
// container names, DNS names a rebinding page would use) with a generated Origin. Invariants: no
// 5xx, every answer valid against sandbox.openapi.yaml, a foreign Host is never answered 2xx nor
// sent the webhook secret, and no /_sandbox answer carries a CORS header.
//   FUZZ_SEED=<seed> pnpm exec vitest run packages/sandbox/test/fuzz/control-plane-http.test.ts

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const numRuns = runCount(120, 40, process.env.FUZZ_RUNS); // support/run-size.ts

const FOREIGN = ["evil.example", "attacker.test", "127.0.0.1.nip.io", "localhost.evil.example", "sandbox.example.com"];
const OWN = ["127.0.0.1", "localhost", "app.localhost", "[::1]", "sandbox", "10.0.0.7"];
const host = fc.oneof(
  { arbitrary: fc.constantFrom(...OWN), weight: 3 },
  { arbitrary: fc.constantFrom(...FOREIGN), weight: 2 },
);
const origin = fc.oneof(
  fc.constant(null),
  fc.constantFrom("https://evil.example", "null", "http://localhost:3000"),
  host.map((h) => `http://${h}`),
);
// Only methods Node's HTTP parser knows: it answers any other with a bare 400 before routing.
const controlRequest = fuzzRequest.filter(
  (spec) => spec.path[0] === "_sandbox" && METHODS.includes(spec.method.toUpperCase()),
);

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** Sends a Fetch Request to the server over node:http with a chosen Host (fetch cannot set one). */
async function sendWithHost(server: SandboxServer, request: Request, hostHeader: string): Promise<Answer> {
  const url = new URL(request.url);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers: Record<string, string> = { host: hostHeader };
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (body) headers["content-length"] = String(body.byteLength);
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: "127.0.0.1", port, method: request.method, path: url.pathname + url.search, headers, agent: false },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers))
            if (typeof value === "string") answerHeaders.set(name, value);
          resolve({
            status: incoming.statusCode ?? 0,
            headers: answerHeaders,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

describe("fuzzing the control plane over HTTP (Host and Origin)", () => {
  let fixtures: Fixtures;
  let server: SandboxServer;
  let secrets: string[];
  beforeAll(async () => {
    fixtures = await buildFixtures();
    // The fuzz sandbox's options, on the server's own sandbox (webhooks leave on node:http, to
    // the fixtures' closed loopback port).
    server = await startSandboxServer({ port: 0, seed: 42, followDateNow: true });
    const sandbox = server.sandbox;
    sandbox.restore(fixtures.snapshot);
    secrets = sandbox
      .listAccounts()
      .map((account) => (account as { webhook_secret?: string }).webhook_secret ?? "")
      .filter(Boolean);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers a foreign Host nothing but 403/404/405, never 5xx, always within the contract", async () => {
    console.log(`control-plane fuzz seed: ${seed} (reproduce with FUZZ_SEED=${seed})`);
    const statuses = new Map<number, number>();
    const port = new URL(server.url).port;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(controlRequest, host, origin), { minLength: 10, maxLength: 15 }),
        async (steps) => {
          for (const [spec, name, originHeader] of steps) {
            const request = toRequest({ ...spec, origin: originHeader }, fixtures);
            const answer = await sendWithHost(server, request, `${name}:${port}`);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            const where = `${request.method} ${new URL(request.url).pathname} Host ${name} Origin ${originHeader}`;
            expect(answer.status, `${where}: ${answer.body.slice(0, 200)}`).toBeLessThan(500);
            // A generated path may leave /_sandbox once normalised (`/_sandbox/..` is `/`): public paths may carry CORS.
            if (new URL(request.url).pathname.startsWith("/_sandbox"))
              expect(answer.headers.get("access-control-allow-origin"), where).toBeNull();
            if (FOREIGN.includes(name)) {
              expect([403, 404, 405], `${where}: ${answer.body.slice(0, 200)}`).toContain(answer.status);
              for (const secret of secrets) expect(answer.body, where).not.toContain(secret);
            }
            // Over HTTP a HEAD answer has no body to validate; a preflight has none either.
            if (request.method === "OPTIONS" || request.method === "HEAD") continue;
            const check = checkResponse({
              method: request.method,
              url: `http://127.0.0.1:${port}${new URL(request.url).pathname}${new URL(request.url).search}`,
              status: answer.status,
              headers: answer.headers,
              body: answer.body,
            });
            if (!check.valid)
              throw new Error(
                `${where}: ${check.error.message}\n${check.error.problems.join("\n")}\n${answer.body.slice(0, 300)}`,
              );
          }
        },
      ),
      { seed, numRuns },
    );
    for (const status of [200, 201, 400, 403, 404])
      expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
  }, 60_000);
});
