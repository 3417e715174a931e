// Runtime smoke test of the packed tarballs, for any runtime with fetch (Node, Bun, Deno):
// the SDK against a sandbox server started by run-runtime.mjs (CLIPIA_BASE_URL, CLIPIA_API_KEY),
// then the SDK over the sandbox's in-process `fetch`, then verifyWebhook (Web Crypto) on a
// delivery the sandbox signed, and on tampered copies of it.
// No node: import on purpose: this file must run unchanged on every runtime.
import Clipia, {
  GenerationFailedError,
  InsufficientScopeError,
  NotFoundError,
  verifyWebhook,
  WebhookVerificationError,
} from "@clipia/sdk";
import { createSandbox } from "@clipia/sandbox";

const runtime = globalThis.Bun
  ? `bun ${globalThis.Bun.version}`
  : globalThis.Deno
    ? `deno ${globalThis.Deno.version.deno}`
    : `node ${globalThis.process.version}`;
const env = (name) => (globalThis.Deno ? globalThis.Deno.env.get(name) : globalThis.process.env[name]);
const check = (condition, message) => {
  if (!condition) throw new Error(`${runtime}: ${message}`);
};
const rejectsWith = async (promise, Class) => {
  try {
    await promise;
  } catch (error) {
    check(error instanceof Class, `expected ${Class.name}, got ${error?.name}: ${error?.message}`);
    return error;
  }
  throw new Error(`${runtime}: expected ${Class.name}, the call succeeded`);
};

// 1. Over HTTP, against the sandbox server.
const overHttp = new Clipia({ logLevel: "off" }); // CLIPIA_API_KEY and CLIPIA_BASE_URL
check(overHttp.environment === "test", "CLIPIA_API_KEY should be a test key");
const account = await overHttp.account.retrieve();
check(typeof account.account_id === "string" && typeof account.balance.credits === "number", "account over HTTP");
const image = await overHttp.subscribe("nano-banana-2", { input: { prompt: "runtime smoke" } });
check(image.status === "COMPLETED" && typeof image.output?.images?.[0]?.url === "string", "test request over HTTP");
const media = await fetch(image.output.images[0].url);
check(media.ok && (media.headers.get("content-type") ?? "").startsWith("image/"), "the sample image downloads");
await media.arrayBuffer();
await rejectsWith(overHttp.models.retrieve("no-such-model"), NotFoundError);
const readOnly = new Clipia({ apiKey: env("CLIPIA_READ_ONLY_KEY"), logLevel: "off" });
await rejectsWith(readOnly.queue.submit("nano-banana-2", { input: { prompt: "x" } }), InsufficientScopeError);

// 2. In process: the sandbox's core as the SDK's fetch; webhooks captured by the fetch it is given.
const deliveries = [];
const sandbox = createSandbox({
  fetch: async (request) => {
    deliveries.push({ body: await request.text(), headers: request.headers });
    return new Response(null, { status: 204 });
  },
});
const inProcess = (apiKey) => new Clipia({ apiKey, fetch: (request) => sandbox.fetch(request), logLevel: "off" });
const live = inProcess(sandbox.keys.live);
const submitted = await live.queue.submit("nano-banana-2", { input: { prompt: "clock" } });
check(
  submitted.status === "IN_QUEUE" && submitted.cost === 4,
  `live request queued at 4 credits, got ${submitted.status} ${submitted.cost}`,
);
sandbox.advanceClock(60_000, { account_id: sandbox.account.account_id });
check(
  (await live.queue.status(submitted.request_id)).status === "COMPLETED",
  "live request completed on the sandbox clock",
);
const test = inProcess(sandbox.keys.test);
sandbox.forceOutcome({ outcome: "FAILED" });
await rejectsWith(test.subscribe("nano-banana-2", { input: { prompt: "forced failure" } }), GenerationFailedError);
const models = await test.models.list();
check(models.data.length >= 11, `expected the whole catalog, got ${models.data.length}`);

// 3. verifyWebhook on a delivery the sandbox signed (Web Crypto on every runtime).
const hooked = await test.queue.submit("nano-banana-2", {
  input: { prompt: "webhook" },
  webhook_url: "http://127.0.0.1:9/hook",
});
for (let i = 0; i < 100 && deliveries.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
check(deliveries.length === 1, `expected one webhook delivery, got ${deliveries.length}`);
const [{ body, headers }] = deliveries;
const event = await verifyWebhook(body, headers, sandbox.webhookSecret);
check(event.status === "OK" && event.request_id === hooked.request_id, "webhook verified");
const bytes = await verifyWebhook(new TextEncoder().encode(body), headers, sandbox.webhookSecret);
check(bytes.request_id === hooked.request_id, "webhook verified from bytes");
const tampered = await rejectsWith(
  verifyWebhook(body.replace("OK", "ERROR"), headers, sandbox.webhookSecret),
  WebhookVerificationError,
);
check(tampered.reason === "signature_mismatch", `tampered body: ${tampered.reason}`);
const wrongSecret = await rejectsWith(verifyWebhook(body, headers, "whsec_wrong"), WebhookVerificationError);
check(wrongSecret.reason === "signature_mismatch", `wrong secret: ${wrongSecret.reason}`);
// The same body signed here (SPEC §2: HMAC-SHA256 of "<t>.<raw body>") ten minutes ago: out of range.
const t = Math.floor(Date.now() / 1000) - 600;
const key = await crypto.subtle.importKey(
  "raw",
  new TextEncoder().encode(sandbox.webhookSecret),
  { name: "HMAC", hash: "SHA-256" },
  false,
  ["sign"],
);
const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${body}`)));
const v1 = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
const old = {
  "x-clipia-webhook-id": headers.get("x-clipia-webhook-id"),
  "x-clipia-timestamp": String(t),
  "x-clipia-signature": `t=${t},v1=${v1}`,
};
const stale = await rejectsWith(verifyWebhook(body, old, sandbox.webhookSecret), WebhookVerificationError);
check(stale.reason === "timestamp_out_of_range", `ten minutes old: ${stale.reason}`);
check(
  (await verifyWebhook(body, old, sandbox.webhookSecret, { tolerance: 3600 })).request_id === hooked.request_id,
  "an hour's tolerance accepts it",
);

console.log(`runtime smoke (${runtime}): ok`);
// Deno only: msw (which @clipia/sandbox imports for its handlers) opens a BroadcastChannel when
// loaded, msw 2 and 3 alike, and Deno keeps running while one is open. End explicitly.
globalThis.Deno?.exit(0);
