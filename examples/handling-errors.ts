// Handling errors: every failure is a class under ClipiaError, picked with `instanceof`.
// Each scenario below provokes one of them against the sandbox (faults come from its control plane).
//   CLIPIA_API_KEY=clipia_test_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx handling-errors.ts
import Clipia, {
  AdminKeyRequiredError,
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
  IpNotAllowedError,
  ModelNotAllowedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  verifyWebhook,
  WebhookVerificationError,
} from "@clipia/sdk";
import { createAccount, injectFault } from "./sandbox-control.js";

/** What to do about each error the SDK throws. Subclasses come before their parents. */
function explain(error: unknown): string {
  if (error instanceof GenerationFailedError) return `the generation failed: ${error.generation.error?.code}`;
  if (error instanceof GenerationCanceledError) return `the generation was canceled: ${error.generation.id}`;
  if (error instanceof BadRequestError) return `fix the request: ${error.param} (${error.details?.length} problem(s))`;
  if (error instanceof AuthenticationError) return `check the key: ${error.message}`;
  if (error instanceof InsufficientCreditsError) return `top up or raise the key's limit: ${error.code}`;
  if (error instanceof InsufficientScopeError) return `use a key with the "${error.requiredScope}" scope`;
  if (error instanceof ModelNotAllowedError) return "this key may not use that model";
  if (error instanceof IpNotAllowedError) return "call from an address in the key's allowed_ips";
  if (error instanceof AdminKeyRequiredError) return "use a clipia_admin_ key for /v1/keys";
  if (error instanceof PermissionDeniedError) return `not allowed: ${error.code}`;
  if (error instanceof NotFoundError) return `no such ${error.code?.replace("_not_found", "")}`;
  if (error instanceof ConflictError) return `conflict: ${error.code}`;
  if (error instanceof RateLimitError) return `slow down: retry after ${error.retryAfter} s`;
  if (error instanceof InternalServerError) return `Clipia failed (${error.status}); quote ${error.requestId} to support`;
  if (error instanceof APIError) return `HTTP ${error.status} ${error.code}`;
  if (error instanceof APITimeoutError) return "timed out (retries included)";
  if (error instanceof APIConnectionError) return `no response: ${error.message}`;
  if (error instanceof APIUserAbortError) return "aborted by the caller";
  if (error instanceof WebhookVerificationError) return `reject the webhook: ${error.reason}`;
  if (error instanceof ClipiaConfigError) return `fix the configuration: ${error.message}`;
  throw error;
}

const clipia = new Clipia(); // a test key from CLIPIA_API_KEY
// An isolated account (balance 0) for the scenarios that need other keys.
const { keys } = await createAccount({ balance_credits: 0 });
const as = (apiKey: string) => new Clipia({ apiKey, baseUrl: clipia.baseUrl });
const admin = as(keys.admin);
const imagesOnly = await admin.keys.create({
  name: "images only",
  environment: "test",
  model_access: { mode: "include", models: ["clipia-image-1"] },
});

const scenarios: Array<[expected: new (...args: never[]) => Error, provoke: () => Promise<unknown>]> = [
  [BadRequestError, () => clipia.generations.create("clipia-video-1", { input: { prompt: "" } })],
  [AuthenticationError, () => as(`clipia_test_${"x".repeat(36)}`).account.retrieve()],
  [InsufficientCreditsError, () => as(keys.live).generations.create("clipia-video-1", { input: { prompt: "a fox" } })],
  [InsufficientScopeError, () => as(keys.test_read_only).generations.create("clipia-video-1", { input: { prompt: "a fox" } })],
  [ModelNotAllowedError, () => as(imagesOnly.secret).generations.create("clipia-video-1", { input: { prompt: "a fox" } })],
  [AdminKeyRequiredError, () => clipia.keys.list()],
  [NotFoundError, () => clipia.generations.retrieve("gen_does_not_exist")],
  [GenerationFailedError, () => clipia.run("clipia-video-1", { input: { prompt: "a fox sandbox:fail" } })],
  [
    ConflictError,
    async () => {
      const done = await clipia.run("clipia-image-1", { input: { prompt: "a fox" } });
      return clipia.generations.cancel(done.id); // already final
    },
  ],
  [
    RateLimitError,
    async () => {
      await injectFault({ path: "/v1/account", status: 429, retry_after: 1 });
      return clipia.account.retrieve({ maxRetries: 0 });
    },
  ],
  [
    InternalServerError,
    async () => {
      await injectFault({ path: "/v1/account", status: 503, count: 3 });
      return clipia.account.retrieve(); // the first try and both retries fail
    },
  ],
  [
    APIConnectionError,
    async () => {
      await injectFault({ path: "/v1/account", network_error: true });
      return clipia.account.retrieve({ maxRetries: 0 });
    },
  ],
  [
    APITimeoutError,
    async () => {
      await injectFault({ path: "/v1/account", delay_ms: 2_000 });
      return clipia.account.retrieve({ timeout: 200 });
    },
  ],
  [
    APIUserAbortError,
    async () => {
      await injectFault({ path: "/v1/account", delay_ms: 2_000 });
      return clipia.account.retrieve({ signal: AbortSignal.timeout(100) });
    },
  ],
  [WebhookVerificationError, () => verifyWebhook("{}", { "clipia-signature": "t=1,v1=00" }, "whsec_x")],
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
console.log(`retried past one 503: ${account.id}`);
console.log(`handling errors: ${scenarios.length} error classes shown`);
