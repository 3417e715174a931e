// The sandbox's MSW handlers and the SDK under jest, as native ESM (jest's --experimental-vm-modules).
// Not CommonJS: msw 2.15's CommonJS build require()s an ESM-only dependency (rettime) that jest's
// CommonJS loader refuses.
import { afterAll, afterEach, beforeAll, expect, test } from "@jest/globals";
import { AuthenticationError, Clipia, InsufficientScopeError } from "@clipia/sdk";
import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";

const sandbox = createSandbox();
const server = setupServer(...sandbox.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => sandbox.resetAll());
afterAll(() => server.close());

test("a test key gets the completed result at once; the cost is shown, not charged", async () => {
  const clipia = new Clipia({ apiKey: sandbox.keys.test });
  const result = await clipia.subscribe("nano-banana-2", { input: { prompt: "jest" } });
  expect(result.status).toBe("COMPLETED");
  expect(result.output.images[0].url).toMatch(/^https:\/\/api\.clipia\.ai\/media\//);
  expect(result.cost).toBeGreaterThan(0);
  expect((await clipia.account.retrieve()).balance.credits).toBe(sandbox.account.balance.credits);
});

test("a read-only key cannot submit", async () => {
  const clipia = new Clipia({ apiKey: sandbox.keys.test_read_only, logLevel: "off" });
  await expect(clipia.queue.submit("nano-banana-2", { input: { prompt: "x" } })).rejects.toBeInstanceOf(
    InsufficientScopeError,
  );
});

test("an isolated account's live key reserves the cost on its own balance", async () => {
  const { keys } = sandbox.createAccount({ balance_credits: 500 });
  const live = new Clipia({ apiKey: keys.live });
  const submitted = await live.queue.submit("kling-3", { input: { prompt: "x" } });
  expect(submitted.status).toBe("IN_QUEUE");
  expect((await live.account.retrieve()).balance.credits).toBe(500 - submitted.cost);
  expect((await new Clipia({ apiKey: sandbox.keys.live }).account.retrieve()).balance.credits).toBe(
    sandbox.account.balance.credits,
  );
});

test("a revoked key is refused", async () => {
  const key = sandbox.createKey(sandbox.account.account_id, { name: "jest", environment: "test" });
  sandbox.revokeKey(key.id);
  await expect(new Clipia({ apiKey: key.secret, logLevel: "off" }).account.retrieve()).rejects.toBeInstanceOf(
    AuthenticationError,
  );
});
