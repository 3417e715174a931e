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
afterEach(() => sandbox.reset());
afterAll(() => server.close());

test("a test key gets the final generation at once, free", async () => {
  const clipia = new Clipia({ apiKey: sandbox.keys.test });
  const video = await clipia.run("clipia-video-1", { input: { prompt: "jest" } });
  expect(video.status).toBe("completed");
  expect(video.cost_credits).toBe(0);
});

test("a read-only key cannot generate", async () => {
  const clipia = new Clipia({ apiKey: sandbox.keys.test_read_only });
  await expect(clipia.generations.create("clipia-video-1", { input: { prompt: "x" } })).rejects.toBeInstanceOf(
    InsufficientScopeError,
  );
});

test("an isolated account's live key is charged on its own balance", async () => {
  const { keys } = sandbox.createAccount({ balance_credits: 50 });
  const live = new Clipia({ apiKey: keys.live });
  await live.generations.create("clipia-video-1-fast", { input: { prompt: "x", duration_seconds: 5 } });
  expect((await live.account.retrieve()).balance_credits).toBe(30);
  expect((await new Clipia({ apiKey: sandbox.keys.live }).account.retrieve()).balance_credits).toBe(1000);
});

test("a revoked key is refused", async () => {
  const admin = new Clipia({ apiKey: sandbox.keys.admin });
  const key = await admin.keys.create({ name: "jest", environment: "test" });
  await admin.keys.revoke(key.id);
  await expect(new Clipia({ apiKey: key.secret, logLevel: "off" }).account.retrieve()).rejects.toBeInstanceOf(
    AuthenticationError,
  );
});
