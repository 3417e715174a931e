import Clipia, { AuthenticationError } from "@clipia/sdk";
import { connectSandbox } from "@clipia/sandbox";
import { afterEach, expect, inject, it } from "vitest";

// The sandbox server started once for the run (global-setup.ts). This file works in an account of
// its own, so it can run in parallel with any other file against the same server.
const baseUrl = inject("sandboxUrl");
const sandbox = connectSandbox(baseUrl);
const { account, keys } = await sandbox.createAccount({ balance_credits: 100 });
const accountId = account.account_id;
afterEach(() => sandbox.reset({ account_id: accountId }));

it("runs a live request on the account's own clock", async () => {
  const live = new Clipia({ apiKey: keys.live, baseUrl });
  const updates: string[] = [];
  const submitted = await live.queue.submit("seedance-2-fast-t2v", { input: { prompt: "waves", resolution: "480p" } });
  await sandbox.advanceClock(120_000, { account_id: accountId });
  const result = await live.queue.wait(submitted.request_id, {
    onQueueUpdate: (update) => updates.push(update.status),
  });
  expect(result.status).toBe("COMPLETED");
  expect(updates.at(-1)).toBe("COMPLETED");
  expect((await live.account.retrieve()).balance.credits).toBe(100 - submitted.cost);
});

it("revokes a key at once", async () => {
  const key = await sandbox.createKey(accountId, { name: "short-lived", environment: "test" });
  const client = new Clipia({ apiKey: key.secret, baseUrl });
  expect((await client.key.retrieve()).label).toBe("short-lived");
  await sandbox.revokeKey(key.id);
  await expect(client.key.retrieve()).rejects.toBeInstanceOf(AuthenticationError);
});
