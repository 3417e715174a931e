import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UUID_V4 } from "../support/wire.js";

// Every request line Clipia's docs print (shared/clipia-api.md §M), run by a real `curl` against
// the sandbox server, unchanged except for the host (https://api.clipia.ai → the server's URL)
// and the key (`$CLIPIA_KEY`, set in the environment, as a reader of the docs would). The line
// runs in `sh -c` so `$(uuidgen)` and the quoting behave as in a terminal. The one placeholder the
// docs leave to the reader, `<request_id>`, is the id the submit line answered.

const run = promisify(execFile);
const DOCS_HOST = "https://api.clipia.ai";

/** The lines, verbatim from §M (page in brackets). */
const LINES = {
  authBearer: `curl https://api.clipia.ai/v1/account -H "Authorization: Bearer $CLIPIA_KEY"`, // [P-auth]
  authKey: `curl https://api.clipia.ai/v1/account -H "Authorization: Key $CLIPIA_KEY"`, // [P-auth]
  authXApiKey: `curl https://api.clipia.ai/v1/account -H "X-Api-Key: $CLIPIA_KEY"`, // [P-auth]
  devSubmit: `curl -X POST https://api.clipia.ai/v1/models/nano-banana-2 -H "Authorization: Key $CLIPIA_KEY" -H "Content-Type: application/json" -H "Idempotency-Key: $(uuidgen)" -d '{ "input": { "prompt": "a sunset over mountains, cinematic" } }'`, // [P-dev]
  devResult: `curl https://api.clipia.ai/v1/requests/<request_id> -H "Authorization: Key $CLIPIA_KEY"`, // [P-dev]
  quickSubmit: `curl -X POST https://api.clipia.ai/v1/models/nano-banana-2 -H "Authorization: Bearer $CLIPIA_KEY" -H "Content-Type: application/json" -H "Idempotency-Key: 8f3a1c7e-2b41-4d2a-9c0e-1200304cf45b" -d '{"input": {"prompt": "a sunset over mountains, cinematic"}, "webhook_url": "https://your-server.com/clipia/webhook"}'`, // [P-quick]
  status: `curl https://api.clipia.ai/v1/requests/764cabcf-b745-4b3e-ae38-1200304cf45b/status -H "Authorization: Bearer $CLIPIA_KEY"`, // [P-status]
  models: `curl https://api.clipia.ai/v1/models -H "Authorization: Bearer $CLIPIA_KEY"`, // [P-models]
  modelsNoKey: `curl -X GET "https://api.clipia.ai/v1/models"`, // [P-models] playground
};

const curlPath = await run("sh", ["-c", "command -v curl"]).then(
  ({ stdout }) => stdout.trim(),
  () => "",
);
if (!curlPath)
  console.log("SKIPPED: the docs' curl lines (curl is not installed on this machine; install curl to run them)");

let server: SandboxServer;
let bin: string;

beforeAll(async () => {
  server = await startSandboxServer({ port: 0, seed: 42 });
  // `$(uuidgen)` is in the docs; not every machine has uuidgen, so the test puts a stand-in first on PATH.
  bin = await mkdtemp(join(tmpdir(), "clipia-curl-"));
  await writeFile(
    join(bin, "uuidgen"),
    `#!/bin/sh\nexec "${process.execPath}" -e 'console.log(crypto.randomUUID())'\n`,
  );
  await chmod(join(bin, "uuidgen"), 0o755);
});
afterAll(async () => {
  await server?.close();
  if (bin) await rm(bin, { recursive: true, force: true });
});

/** Runs one docs line with the host swapped for the sandbox's and CLIPIA_KEY in the environment. */
async function curl(line: string, key: string | undefined, vars: Record<string, string> = {}): Promise<any> {
  let command = line.replaceAll(DOCS_HOST, server.url.replace(/\/$/, ""));
  for (const [placeholder, value] of Object.entries(vars)) command = command.replaceAll(placeholder, value);
  expect(command).not.toContain("api.clipia.ai");
  const env = { PATH: `${bin}:${process.env.PATH}`, ...(key === undefined ? {} : { CLIPIA_KEY: key }) };
  const { stdout } = await run("sh", ["-c", command], { env, timeout: 10_000 });
  return JSON.parse(stdout);
}

describe.skipIf(!curlPath)(
  "the docs' curl lines, unchanged, against the sandbox server (skipped when curl is not installed)",
  () => {
    for (const environment of ["test", "live"] as const) {
      describe(`with a ${environment} key`, () => {
        const key = () => server.sandbox.keys[environment];

        it("[P-auth] the account, with each of the three header schemes", async () => {
          for (const line of [LINES.authBearer, LINES.authKey, LINES.authXApiKey]) {
            expect(await curl(line, key())).toMatchObject({
              account_id: server.sandbox.account.account_id,
              balance: { credits: expect.any(Number) },
            });
          }
        });

        it("[P-dev] submit with a fresh Idempotency-Key, then poll the result until it is COMPLETED", async () => {
          const submitted = await curl(LINES.devSubmit, key());
          expect(submitted.request_id).toMatch(UUID_V4);
          expect(submitted.status).toBe(environment === "test" ? "COMPLETED" : "IN_QUEUE");
          expect(submitted.response_url).toBe(`${server.url.replace(/\/$/, "")}/v1/requests/${submitted.request_id}`);
          let result = await curl(LINES.devResult, key(), { "<request_id>": submitted.request_id });
          for (let i = 0; i < 200 && result.status !== "COMPLETED"; i++) {
            expect(["IN_QUEUE", "IN_PROGRESS"]).toContain(result.status);
            server.sandbox.advanceAllClocks(1_000);
            result = await curl(LINES.devResult, key(), { "<request_id>": submitted.request_id });
          }
          expect(result).toMatchObject({
            request_id: submitted.request_id,
            status: "COMPLETED",
            model: "nano-banana-2",
            output: { images: [expect.objectContaining({ url: expect.any(String) })] },
          });
        });

        it("[P-quick] submit with a webhook and a fixed Idempotency-Key: a second run is the same request", async () => {
          const first = await curl(LINES.quickSubmit, key());
          expect(first).toMatchObject({
            request_id: expect.stringMatching(UUID_V4),
            status: environment === "test" ? "COMPLETED" : "IN_QUEUE",
          });
          const again = await curl(LINES.quickSubmit, key());
          expect(again.request_id).toBe(first.request_id);
          // your-server.com is not on this machine: accepted, logged as not sent.
          const logged = server.sandbox
            .webhookDeliveries({ account_id: server.sandbox.account.account_id })
            .filter((d) => (d as { request_id?: string }).request_id === first.request_id);
          if (environment === "test") expect(logged.length).toBeGreaterThan(0);
        });

        it("[P-status] the status of the docs' example id: 404 not_found here (no such request in this sandbox)", async () => {
          expect(await curl(LINES.status, key())).toMatchObject({
            error: { type: "invalid_request_error", code: "not_found" },
          });
        });

        it("[P-models] the catalog", async () => {
          const models = await curl(LINES.models, key());
          expect(models.object).toBe("list");
          expect(models.data.map((m: { slug?: string; id?: string }) => m.slug ?? m.id)).toContain("nano-banana-2");
        });
      });
    }

    it("[P-models] the playground's line without a key: 401 invalid_api_key", async () => {
      expect(await curl(LINES.modelsNoKey, undefined)).toMatchObject({
        error: { type: "authentication_error", code: "invalid_api_key" },
      });
    });
  },
);
