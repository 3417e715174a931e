// The sandbox's request log (/_sandbox/accounts/{account_id}/logs): every API call an account's
// keys made, newest first, with its status and error code, the auth scheme and Idempotency-Key
// the client sent, the duration and the generation it touched. A test reads it to check what its
// client did: here, how many status polls `queue.wait` made and which headers went out. Sandbox
// only; no body and no secret is ever logged.
//   CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx request-log.ts
import assert from "node:assert/strict";
import Clipia from "@clipia/sdk";
import { connectSandbox, createSandbox } from "@clipia/sandbox";

// In process: the SDK calls the sandbox's core through `fetch`, no server and no MSW.
const sandbox = createSandbox();
const { account, keys } = sandbox.createAccount();
const clipia = new Clipia({
  apiKey: keys.test,
  authScheme: "x-api-key",
  fetch: (request) => sandbox.fetch(request),
});
// The first status poll answers 503; `retry_after: 0` makes the SDK's retry instant.
sandbox.injectFault({
  method: "GET",
  path: "/v1/requests/*",
  status: 503,
  retry_after: 0,
  account_id: account.account_id,
});
const submitted = await clipia.queue.submit(
  "nano-banana-2",
  { input: { prompt: "a lighthouse at dusk" } },
  { idempotencyKey: "order-42" },
);
await clipia.queue.wait(submitted.request_id, { pollInterval: 10 });

const polls = sandbox.listLogs(account.account_id, { path: `/v1/requests/${submitted.request_id}/status` }).data;
assert.deepEqual(
  polls.map((entry) => [entry.status, entry.code]),
  [
    [200, null],
    [503, "service_unavailable"],
  ],
);
const [submit] = sandbox.listLogs(account.account_id, { path: "/v1/models/" }).data;
assert.equal(submit?.auth_scheme, "x-api-key");
assert.equal(submit?.idempotency_key, "order-42");
assert.equal(submit?.request_id, submitted.request_id);
console.log(`in process: ${polls.length} status polls (one retried 503), sent with ${submit?.auth_scheme}`);

// Against a running server: the same log through connectSandbox.
const baseUrl = process.env.CLIPIA_BASE_URL ?? "http://127.0.0.1:4010";
const control = connectSandbox(baseUrl);
const remote = await control.createAccount();
const client = new Clipia({ apiKey: remote.keys.test, baseUrl });
// `style` is not a field of nano-banana-2 (a type error too): the sandbox ignores it with a warning.
// @ts-expect-error: the unknown field is the point
const queued = await client.queue.submit("nano-banana-2", { input: { prompt: "a lighthouse", style: "ink" } });
await client.queue.wait(queued.request_id, { pollInterval: 10 });

const { data } = await control.listLogs(remote.account.account_id);
assert.deepEqual(
  data.map((entry) => `${entry.method} ${entry.path}`),
  [
    `GET /v1/requests/${queued.request_id}`,
    `GET /v1/requests/${queued.request_id}/status`,
    "POST /v1/models/nano-banana-2",
  ],
);
const sent = data.at(-1);
// Without an idempotencyKey option the SDK makes one up per submit (a UUID), and sends Bearer.
assert.match(sent?.idempotency_key ?? "", /^[0-9a-f-]{36}$/);
assert.equal(sent?.auth_scheme, "bearer");
// The unknown input field was ignored, and the log says so.
assert.deepEqual(sent?.warnings, ["input.style is not a field of nano-banana-2; it was ignored."]);
console.log(`request log: against the server, 1 status poll, Idempotency-Key ${sent?.idempotency_key}`);
