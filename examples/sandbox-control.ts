// The sandbox's control plane (/_sandbox/*), through `connectSandbox`: an isolated account, its
// clock, a fault, a forced outcome, its plan and a reset. It exists only in the sandbox, never in the real
// API, and everything here is scoped to one account, so test files can run in parallel.
//   CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx sandbox-control.ts
import Clipia, { GenerationFailedError, InternalServerError, SubscriptionRequiredError } from "@clipia/sdk";
import { connectSandbox } from "@clipia/sandbox";

const baseUrl = process.env.CLIPIA_BASE_URL ?? "http://127.0.0.1:4010";
const sandbox = connectSandbox(baseUrl);

// A fresh account with its own keys and webhook secret: nothing another test does can reach it.
const { account, keys } = await sandbox.createAccount({ balance_credits: 100 });
const accountId = account.account_id;
const live = new Clipia({ apiKey: keys.live, baseUrl });
const test = new Clipia({ apiKey: keys.test, baseUrl });

// The clock: a live request moves on the account's clock only.
const submitted = await live.queue.submit("nano-banana-2", { input: { prompt: "a lighthouse at dusk" } });
console.log(`submitted: ${submitted.status}, ${submitted.cost} credits reserved`);
const { now } = await sandbox.advanceClock(60_000, { account_id: accountId });
const result = await live.queue.result(submitted.request_id);
console.log(`after advancing the clock to ${now}: ${result.status}`);
if (result.pending || result.status !== "COMPLETED") throw new Error("expected the request to be final");

// A fault: the next matching request of this account answers 503.
await sandbox.injectFault({ path: "/v1/account", status: 503, account_id: accountId });
try {
  await test.account.retrieve({ maxRetries: 0 });
  throw new Error("expected a 503");
} catch (error) {
  if (!(error instanceof InternalServerError)) throw error;
  console.log(`injected fault: ${error.status} ${error.code}`);
}

// A forced outcome: the next submission of this account fails (credits refunded).
await sandbox.forceOutcome({ outcome: "FAILED", model: "nano-banana-2", account_id: accountId });
try {
  await test.subscribe("nano-banana-2", { input: { prompt: "a lighthouse at dusk" } });
  throw new Error("expected the forced failure");
} catch (error) {
  if (!(error instanceof GenerationFailedError)) throw error;
  console.log(`forced outcome: ${error.result.status} ${error.result.error?.code}`);
}

// Account settings: without an active plan a live submit is 402 subscription_required (test keys
// still complete); topping up would not help, so the SDK gives it a class of its own.
await sandbox.updateAccount(accountId, { subscription: "none" });
try {
  await live.queue.submit("nano-banana-2", { input: { prompt: "a lighthouse at dusk" } });
  throw new Error("expected 402 subscription_required");
} catch (error) {
  if (!(error instanceof SubscriptionRequiredError)) throw error;
  console.log(`no plan: ${error.status} ${error.code}`);
}

// Reset: this account back to its initial state (balance, plan, requests, clock); others untouched.
console.log(`balance before reset: ${(await live.account.retrieve()).balance.credits}`);
await sandbox.reset({ account_id: accountId });
const balance = (await live.account.retrieve()).balance.credits;
console.log(`balance after reset: ${balance}`);
if (balance !== 100) throw new Error(`expected the initial 100 credits, got ${balance}`);
const { subscription } = (await sandbox.listAccounts()).find((entry) => entry.account_id === accountId) ?? {};
if (subscription !== "active") throw new Error(`expected the plan back after reset, got ${subscription}`);
console.log(`sandbox control: account ${accountId} created, advanced, faulted, failed, planless and reset`);
