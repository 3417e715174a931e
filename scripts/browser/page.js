// The in-page half of the browser test, bundled by run.mjs with esbuild (platform browser, ESM)
// from the built packages. The sandbox runs in the page behind MSW's service worker, on the page's
// own origin, so every API call stays on 127.0.0.1 and never reaches run.mjs's HTTP server.
// The page only observes; run.mjs asserts on `window.__results`.
import { createSandbox } from "../../packages/sandbox/dist/index.js";
import { Clipia, ClipiaConfigError, InsufficientScopeError } from "../../packages/sdk/dist/index.js";
import { setupWorker } from "msw/browser";

const results = { steps: {}, errors: [] };

/** Runs one step, keeping its observation or the error it threw (name and message, never a key). */
async function step(name, fn) {
  try {
    results.steps[name] = await fn();
  } catch (error) {
    results.errors.push({ step: name, name: error?.name ?? typeof error, message: String(error?.message ?? error) });
  }
}

/** The parts of a thrown error worth asserting on. */
function describeError(error, expectedClass) {
  return {
    name: error?.name,
    isExpectedClass: error instanceof expectedClass,
    message: String(error?.message),
    status: error?.status ?? null,
    code: error?.code ?? null,
    requiredScope: error?.requiredScope ?? null,
  };
}

async function main() {
  const baseUrl = location.origin;
  const sandbox = createSandbox({ baseUrl });
  const worker = setupWorker(...sandbox.handlers);
  await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, quiet: true, onUnhandledRequest: "bypass" });
  results.serviceWorkerControlled = navigator.serviceWorker.controller !== null;

  const options = { dangerouslyAllowBrowser: true, baseUrl, logLevel: "off" };
  const secrets = Object.values(sandbox.keys);

  await step("browserGuard", () => {
    try {
      new Clipia({ apiKey: sandbox.keys.test, baseUrl });
    } catch (error) {
      const seen = describeError(error, ClipiaConfigError);
      return { threw: true, ...seen, leaksKey: secrets.some((k) => seen.message.includes(k)) };
    }
    return { threw: false };
  });

  const clipia = new Clipia({ apiKey: sandbox.keys.test, ...options });
  await step("account", async () => {
    const account = await clipia.account.retrieve();
    return { object: account.object, environment: account.environment, balance_credits: account.balance_credits };
  });

  await step("testRun", async () => {
    const generation = await clipia.run("clipia-image-1", { input: { prompt: "x" } });
    return { status: generation.status, environment: generation.environment, cost_credits: generation.cost_credits, hasOutput: generation.output !== null };
  });

  await step("readOnly", async () => {
    const readOnly = new Clipia({ apiKey: sandbox.keys.test_read_only, ...options });
    try {
      await readOnly.generations.create("clipia-image-1", { input: { prompt: "x" } });
    } catch (error) {
      return { threw: true, ...describeError(error, InsufficientScopeError) };
    }
    return { threw: false };
  });

  await step("live", async () => {
    const live = new Clipia({ apiKey: sandbox.keys.live, ...options });
    const before = (await live.account.retrieve()).balance_credits;
    const created = await live.generations.create("clipia-video-1-fast", { input: { prompt: "browser", duration_seconds: 1 } });
    const statuses = [created.status];
    sandbox.advanceClock(2_500); // past the 2 s queue
    statuses.push((await live.generations.retrieve(created.id)).status);
    sandbox.advanceClock(60_000); // every live generation is final within 60 s
    const final = await live.generations.retrieve(created.id);
    statuses.push(final.status);
    const after = (await live.account.retrieve()).balance_credits;
    return { statuses, environment: final.environment, cost_credits: final.cost_credits, hasOutput: final.output !== null, before, after };
  });

  await step("models", async () => {
    const ids = [];
    for await (const model of clipia.models.list({ limit: 1 })) ids.push(model.id);
    return { ids };
  });

  worker.stop();
}

main()
  .catch((error) => results.errors.push({ step: "setup", name: error?.name, message: String(error?.message ?? error) }))
  .finally(() => {
    window.__results = results;
  });
