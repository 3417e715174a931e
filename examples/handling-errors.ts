// Handling errors: every failure is a class under ClipiaError, picked with `instanceof`; API errors
// carry the wire `code`, and the rate-limit state of the response.
// Each scenario below provokes one of them against the sandbox (its control plane sets them up).
//   CLIPIA_API_KEY=clipia_test_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx handling-errors.ts
import { connectSandbox, type FaultInput } from "@clipia/sandbox";
import Clipia, {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ClipiaConfigError,
  ConflictError,
  GenerationCanceledError,
  GenerationFailedError,
  InsufficientCreditsError,
  InsufficientScopeError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  SubscriptionRequiredError,
  UnprocessableEntityError,
  verifyWebhook,
  WebhookVerificationError,
} from "@clipia/sdk";

/** What to do about each error the SDK throws. Subclasses come before their parents. */
function explain(error: unknown): string {
  if (error instanceof GenerationFailedError) return `the generation failed: ${error.result.error?.code}`;
  if (error instanceof GenerationCanceledError) return `the generation was canceled: ${error.result.request_id}`;
  if (error instanceof BadRequestError) return `fix the request: ${error.message}`;
  if (error instanceof UnprocessableEntityError) return `fix the input for this model: ${error.message}`;
  if (error instanceof AuthenticationError) return `check the key: ${error.message}`;
  if (error instanceof SubscriptionRequiredError) return "activate a plan: topping up will not help";
  if (error instanceof InsufficientCreditsError) return `top up the balance: ${error.code}`;
  if (error instanceof InsufficientScopeError) return `use a key with the "${error.requiredScope}" scope`;
  if (error instanceof PermissionDeniedError) return `not allowed: ${error.code}`;
  if (error instanceof NotFoundError) return `no such request or model: ${error.code}`;
  if (error instanceof ConflictError) return `conflict: ${error.code}`;
  if (error instanceof RateLimitError)
    return `slow down: retry after ${error.retryAfter} s (${error.rateLimit?.remaining ?? "?"} left)`;
  if (error instanceof InternalServerError) return `Clipia failed (${error.status} ${error.code}); retry later`;
  if (error instanceof APIError) return `HTTP ${error.status} ${error.code}`;
  if (error instanceof APITimeoutError) return "timed out (retries included)";
  if (error instanceof APIConnectionError) return `no response: ${error.message}`;
  if (error instanceof APIUserAbortError) return "aborted by the caller";
  if (error instanceof WebhookVerificationError) return `reject the webhook: ${error.reason}`;
  if (error instanceof ClipiaConfigError) return `fix the configuration: ${error.message}`;
  throw error;
}

const baseUrl = process.env.CLIPIA_BASE_URL ?? "http://127.0.0.1:4010";
const clipia = new Clipia(); // a test key from CLIPIA_API_KEY
const as = (apiKey: string) => new Clipia({ apiKey, baseUrl });

// Sandbox only: an isolated account with no credits, its faults and forced outcomes.
const sandbox = connectSandbox(baseUrl);
const { account: isolated, keys } = await sandbox.createAccount({ balance_credits: 0 });
// An account with credits but no active plan (its live submits answer 402 subscription_required).
const planless = await sandbox.createAccount({ subscription: "none" });
const test = as(keys.test);
const imagesOnly = await sandbox.createKey(isolated.account_id, {
  name: "images only",
  environment: "test",
  model_access: { mode: "include", models: ["nano-banana-2"] },
});
const injectFault = (input: FaultInput) => sandbox.injectFault(input);
const fault = (input: FaultInput) => injectFault({ ...input, account_id: isolated.account_id });
const fox = { input: { prompt: "a red fox in snow" } };

const scenarios: Array<[expected: new (...args: never[]) => Error, provoke: () => Promise<unknown>]> = [
  [BadRequestError, () => test.queue.submit("nano-banana-2", { ...fox, webhook_url: "ftp://example.com/hook" })],
  [UnprocessableEntityError, () => test.queue.submit("nano-banana-2", { input: { prompt: "a fox", num_images: 9 } })],
  [AuthenticationError, () => as(`clipia_test_${"x".repeat(32)}`).account.retrieve()],
  [InsufficientCreditsError, () => as(keys.live).queue.submit("kling-3", fox)],
  [SubscriptionRequiredError, () => as(planless.keys.live).queue.submit("kling-3", fox)],
  [InsufficientScopeError, () => as(keys.test_read_only).queue.submit("nano-banana-2", fox)],
  [PermissionDeniedError, () => as(imagesOnly.secret).queue.submit("kling-3", fox)], // sandbox-only: model_not_allowed
  [NotFoundError, () => test.queue.status("00000000-0000-4000-8000-000000000000")],
  [
    GenerationFailedError,
    async () => {
      await sandbox.forceOutcome({ outcome: "FAILED", account_id: isolated.account_id });
      return test.subscribe("nano-banana-2", fox);
    },
  ],
  [
    GenerationCanceledError,
    async () => {
      await sandbox.forceOutcome({ outcome: "CANCELED", account_id: isolated.account_id });
      return test.subscribe("nano-banana-2", fox);
    },
  ],
  [
    ConflictError,
    async () => {
      await test.queue.submit("nano-banana-2", fox, { idempotencyKey: "order-42" });
      return test.queue.submit("nano-banana-2", { input: { prompt: "another fox" } }, { idempotencyKey: "order-42" });
    },
  ],
  [
    RateLimitError,
    async () => {
      await fault({ path: "/v1/account", status: 429, retry_after: 1 });
      return test.account.retrieve({ maxRetries: 0 });
    },
  ],
  [
    InternalServerError,
    async () => {
      await fault({ path: "/v1/account", status: 503, count: 3 });
      return test.account.retrieve(); // the first try and both retries fail
    },
  ],
  [
    APIConnectionError,
    async () => {
      await fault({ path: "/v1/account", network_error: true });
      return test.account.retrieve({ maxRetries: 0 });
    },
  ],
  [
    APITimeoutError,
    async () => {
      await fault({ path: "/v1/account", delay_ms: 2_000 });
      return test.account.retrieve({ timeout: 200, maxRetries: 0 });
    },
  ],
  [
    APIUserAbortError,
    async () => {
      await fault({ path: "/v1/account", delay_ms: 2_000 });
      return test.account.retrieve({ signal: AbortSignal.timeout(100) });
    },
  ],
  [WebhookVerificationError, () => verifyWebhook("{}", { "x-clipia-signature": "t=1,v1=00" }, "whsec_x")],
  [ClipiaConfigError, async () => new Clipia({ apiKey: "sk-not-a-clipia-key" })],
];

for (const [expected, provoke] of scenarios) {
  try {
    await provoke();
    throw new Error(`expected ${expected.name}, but the call succeeded`);
  } catch (error) {
    if (!(error instanceof expected)) throw error;
    console.log(`${expected.name.padEnd(26)} -> ${explain(error)}`);
  }
}

// A retryable failure that clears up is invisible: the retry succeeds.
await injectFault({ path: "/v1/account", status: 503, count: 1 });
const account = await clipia.account.retrieve();
console.log(`retried past one 503: ${account.account_id}`);

// Any call also resolves its raw response and the rate-limit state of the key.
const { data, response, rateLimit } = await clipia.account.retrieve().withResponse();
console.log(
  `${response.status}: ${data.balance.credits} credits; ${rateLimit?.remaining}/${rateLimit?.limit} requests left, reset in ${rateLimit?.reset} s`,
);
if (clipia.environment !== "test" || !rateLimit)
  throw new Error("expected a test key in CLIPIA_API_KEY and RateLimit-* headers");
console.log(`handling errors: ${scenarios.length} error classes shown`);
