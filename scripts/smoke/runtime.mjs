// Runtime smoke test of the packed tarballs, for any runtime with fetch (Node, Bun, Deno):
// the SDK against a sandbox server started by run-runtime.mjs (CLIPIA_BASE_URL, CLIPIA_API_KEY),
// then the SDK over the sandbox's in-process `fetch`, then webhook signing and verification.
// No node: import on purpose: this file must run unchanged on every runtime.
import Clipia, { GenerationFailedError, InsufficientScopeError, NotFoundError, verifyWebhook } from "@clipia/sdk";
import { createSandbox, signWebhook } from "@clipia/sandbox";

const runtime = globalThis.Bun ? `bun ${globalThis.Bun.version}` : globalThis.Deno ? `deno ${globalThis.Deno.version.deno}` : `node ${globalThis.process.version}`;
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
check(account.object === "account" && account.environment === "test", "account over HTTP");
const video = await overHttp.run("clipia-video-1", { input: { prompt: "runtime smoke" } });
check(video.status === "completed" && video.cost_credits === 0 && typeof video.output?.url === "string", "test generation over HTTP");
await rejectsWith(overHttp.models.retrieve("no-such-model"), NotFoundError);
const readOnly = new Clipia({ apiKey: env("CLIPIA_READ_ONLY_KEY"), logLevel: "off" });
await rejectsWith(readOnly.generations.create("clipia-video-1", { input: { prompt: "x" } }), InsufficientScopeError);

// 2. In process: the sandbox's core as the SDK's fetch.
const sandbox = createSandbox();
const inProcess = (apiKey) => new Clipia({ apiKey, fetch: (request) => sandbox.fetch(request), logLevel: "off" });
const live = inProcess(sandbox.keys.live);
const created = await live.generations.create("clipia-video-1-fast", { input: { prompt: "clock", duration_seconds: 1 } });
check(created.status === "queued" && created.cost_credits === 4, "live generation queued and charged");
sandbox.advanceClock(60_000);
check((await live.generations.retrieve(created.id)).status === "completed", "live generation completed on the sandbox clock");
await rejectsWith(inProcess(sandbox.keys.test).run("clipia-image-1", { input: { prompt: "sandbox:fail" } }), GenerationFailedError);
let models = 0;
for await (const model of inProcess(sandbox.keys.test).models.list({ limit: 1 })) models += model.object === "model" ? 1 : 0;
check(models === 4, `expected 4 models across pages, got ${models}`);

// 3. Webhooks: the sandbox's signature verifies with the SDK (Web Crypto on every runtime).
const body = JSON.stringify(video);
const signature = await signWebhook(body, sandbox.webhookSecret, Math.floor(Date.now() / 1000));
const verified = await verifyWebhook(body, { "clipia-signature": signature }, sandbox.webhookSecret);
check(verified.id === video.id, "webhook verified");

console.log(`runtime smoke (${runtime}): ok`);
// Deno only: msw (which @clipia/sandbox imports for its handlers) opens a BroadcastChannel when
// loaded, msw 2 and 3 alike, and Deno keeps running while one is open. End explicitly.
globalThis.Deno?.exit(0);
