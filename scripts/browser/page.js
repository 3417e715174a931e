// The in-page half of the browser test, bundled by run.mjs with esbuild (platform browser, ESM)
// from the built packages. The sandbox runs in the page behind MSW's service worker, on the page's
// own origin, so every API call stays on 127.0.0.1 and never reaches run.mjs's HTTP server.
// The page only observes; run.mjs asserts on `window.__results`.
import { createSandbox } from "../../packages/sandbox/dist/index.js";
import {
  Clipia,
  ClipiaConfigError,
  InsufficientScopeError,
  verifyWebhook,
  WebhookVerificationError,
} from "../../packages/sdk/dist/index.js";
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
  // Webhook deliveries go to this fetch (never the network): the page verifies them below.
  const deliveries = [];
  const sandbox = createSandbox({
    baseUrl,
    fetch: async (request) => {
      deliveries.push({ body: await request.text(), headers: request.headers });
      return new Response(null, { status: 204 });
    },
  });
  const worker = setupWorker(...sandbox.handlers);
  await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, quiet: true, onUnhandledRequest: "bypass" });
  results.serviceWorkerControlled = navigator.serviceWorker.controller !== null;

  const options = { dangerouslyAllowBrowser: true, baseUrl, logLevel: "off" };
  const secrets = [...Object.values(sandbox.keys), sandbox.webhookSecret];

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
    return {
      sameAccount: account.account_id === sandbox.account.account_id,
      credits: account.balance.credits,
      expected: sandbox.account.balance.credits,
    };
  });

  await step("testRun", async () => {
    const result = await clipia.subscribe("nano-banana-2", { input: { prompt: "x" } });
    const url = result.output?.images?.[0]?.url ?? null;
    const image = url ? await fetch(url) : null;
    return {
      status: result.status,
      cost: result.cost,
      mediaOnPageOrigin: url?.startsWith(`${baseUrl}/`) ?? false,
      imageStatus: image?.status ?? null,
    };
  });

  await step("readOnly", async () => {
    const readOnly = new Clipia({ apiKey: sandbox.keys.test_read_only, ...options });
    try {
      await readOnly.queue.submit("nano-banana-2", { input: { prompt: "x" } });
    } catch (error) {
      return { threw: true, ...describeError(error, InsufficientScopeError) };
    }
    return { threw: false };
  });

  await step("live", async () => {
    const live = new Clipia({ apiKey: sandbox.keys.live, ...options });
    const before = (await live.account.retrieve()).balance.credits;
    const submitted = await live.queue.submit("seedance-2-fast-t2v", {
      input: { prompt: "browser", resolution: "480p" },
    });
    const pending = await live.queue.result(submitted.request_id); // 202 while not final
    sandbox.advanceClock(120_000, { account_id: sandbox.account.account_id }); // every live video is final within 120 s of clock time
    const final = await live.queue.result(submitted.request_id);
    const after = (await live.account.retrieve()).balance.credits;
    return {
      statuses: [submitted.status, pending.pending ? "pending" : pending.status, final.status],
      cost: submitted.cost,
      hasVideo: typeof final.output?.video?.url === "string",
      charged: before - after,
    };
  });

  await step("models", async () => {
    const models = await clipia.models.list();
    return { slugs: models.data.map((model) => model.slug ?? model.id) };
  });

  await step("webhook", async () => {
    deliveries.length = 0;
    const submitted = await clipia.queue.submit("nano-banana-2", {
      input: { prompt: "hook" },
      webhook_url: "http://127.0.0.1:9/hook",
    });
    for (let i = 0; i < 100 && deliveries.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const [delivery] = deliveries;
    if (!delivery) return { delivered: false };
    const event = await verifyWebhook(delivery.body, delivery.headers, sandbox.webhookSecret);
    let tampered = null;
    try {
      await verifyWebhook(
        delivery.body.replace(submitted.request_id, crypto.randomUUID()),
        delivery.headers,
        sandbox.webhookSecret,
      );
    } catch (error) {
      tampered = { ...describeError(error, WebhookVerificationError), reason: error?.reason ?? null };
    }
    return { delivered: true, status: event.status, sameRequest: event.request_id === submitted.request_id, tampered };
  });

  worker.stop();
}

main()
  .catch((error) => results.errors.push({ step: "setup", name: error?.name, message: String(error?.message ?? error) }))
  .finally(() => {
    window.__results = results;
  });
