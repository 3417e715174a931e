import Clipia from "@clipia/sdk";
import { connectSandbox, createSandbox } from "@clipia/sandbox";
import { expect, inject, it } from "vitest";

// Asserting on the request log: what the client sent (auth scheme, Idempotency-Key) and how many
// status polls its wait made, in process and against the server started by global-setup.ts.

it("in process: the SDK's wait polled twice, retrying one 503, and sent the Idempotency-Key", async () => {
  const sandbox = createSandbox();
  const { account, keys } = sandbox.createAccount();
  const clipia = new Clipia({ apiKey: keys.test, authScheme: "key", fetch: (request) => sandbox.fetch(request) });
  sandbox.injectFault({
    method: "GET",
    path: "/v1/requests/*",
    status: 503,
    retry_after: 0,
    account_id: account.account_id,
  });

  const { request_id } = await clipia.queue.submit(
    "nano-banana-2",
    { input: { prompt: "a lighthouse" } },
    { idempotencyKey: "order-7" },
  );
  await clipia.queue.wait(request_id, { pollInterval: 10 });

  const polls = sandbox.listLogs(account.account_id, { path: `/v1/requests/${request_id}/status` });
  expect(polls.data.map((entry) => entry.status)).toEqual([200, 503]);
  const [submit] = sandbox.listLogs(account.account_id, { path: "/v1/models/" }).data;
  expect(submit).toMatchObject({ auth_scheme: "key", idempotency_key: "order-7", request_id });
});

it("against the server: a 4xx of the account, through connectSandbox", async () => {
  const baseUrl = inject("sandboxUrl");
  const control = connectSandbox(baseUrl);
  const { account, keys } = await control.createAccount();
  const clipia = new Clipia({ apiKey: keys.test, baseUrl, maxRetries: 0 });
  // @ts-expect-error: without its required prompt (a 422 from the sandbox)
  await expect(clipia.queue.submit("nano-banana-2", { input: {} })).rejects.toMatchObject({ status: 422 });

  const { data } = await control.listLogs(account.account_id, { status: "4xx" });
  expect(data).toMatchObject([{ status: 422, code: "model_input_invalid", auth_scheme: "bearer" }]);
});
