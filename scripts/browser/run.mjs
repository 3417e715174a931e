// The SDK and the sandbox in a real browser: bundles page.js (the built packages/*/dist, msw/browser)
// with esbuild, serves it on 127.0.0.1 with node:http, opens it in Chromium through playwright-core,
// and asserts what the page wrote to window.__results: the SDK's browser guard, the SDK against
// the sandbox's MSW handlers under setupWorker, and verifyWebhook (Web Crypto) on a delivery the
// sandbox signed in the page. Fails if the page sent a request off 127.0.0.1, or
// if an API call reached this server instead of the service worker.
// Needs `pnpm build` first and a Chromium (default /usr/bin/chromium; CLIPIA_CHROMIUM overrides).
// Usage: node scripts/browser/run.mjs
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const require = createRequire(import.meta.url);
const esbuild = require("esbuild");
const { chromium } = require("playwright-core");
const executablePath = process.env.CLIPIA_CHROMIUM ?? "/usr/bin/chromium";
const started = performance.now();

for (const dist of ["packages/sdk/dist/index.js", "packages/sandbox/dist/index.js"]) {
  if (!existsSync(join(root, dist))) {
    console.error(`browser test: ${dist} is missing; run \`pnpm build\` first.`);
    process.exit(1);
  }
}

const served = mkdtempSync(join(tmpdir(), "clipia-browser-"));
let server;
let browser;
let failures = 0;
try {
  await esbuild.build({
    entryPoints: [join(here, "page.js")],
    outfile: join(served, "bundle.js"),
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    logLevel: "error",
  });
  copyFileSync(join(here, "index.html"), join(served, "index.html"));
  copyFileSync(require.resolve("msw/mockServiceWorker.js"), join(served, "mockServiceWorker.js"));

  const files = {
    "/": ["index.html", "text/html; charset=utf-8"],
    "/bundle.js": ["bundle.js", "text/javascript; charset=utf-8"],
    "/mockServiceWorker.js": ["mockServiceWorker.js", "text/javascript; charset=utf-8"],
  };
  const received = [];
  server = createServer((req, res) => {
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    received.push(`${req.method} ${path}`);
    const file = files[path];
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res
      .writeHead(200, { "content-type": file[1], "cache-control": "no-store" })
      .end(readFileSync(join(served, file[0])));
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  browser = await chromium.launch({
    executablePath,
    timeout: 30_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Belt and braces: no host name resolves, so nothing can leave the machine even by mistake.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
  const context = await browser.newContext();
  // The context sees the page's requests and its service worker's.
  const requested = [];
  context.on("request", (request) => requested.push(request.url()));
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });

  await page.goto(origin, { timeout: 15_000 });
  await page.waitForFunction(() => window.__results !== undefined, undefined, { timeout: 30_000 });
  const results = await page.evaluate(() => window.__results);
  const { steps } = results;

  const check = (name, fn) => {
    try {
      fn();
      console.log(`  ok    ${name}`);
    } catch (error) {
      failures += 1;
      console.log(`  FAIL  ${name}: ${error.message.split("\n").slice(0, 6).join("\n        ")}`);
    }
  };
  const loaded = (name) => assert.ok(steps[name], `step ${name} did not complete`);

  console.log(
    `browser: ${browser.version()} (playwright-core ${require("playwright-core/package.json").version}), ${origin}`,
  );
  check("every step ran without an unexpected error", () => {
    const errors = results.errors.map((e) => `${e.step}: ${e.name}: ${e.message}`);
    assert.deepEqual(errors, [], `${errors.join("; ")}\npage console: ${pageErrors.join("; ") || "(nothing)"}`);
  });
  check("MSW's service worker controls the page", () => assert.equal(results.serviceWorkerControlled, true));
  check("new Clipia() in a browser throws ClipiaConfigError (without the key in the message)", () => {
    loaded("browserGuard");
    const seen = steps.browserGuard;
    assert.equal(seen.threw, true, "the constructor did not throw");
    assert.equal(seen.name, "ClipiaConfigError");
    assert.equal(seen.isExpectedClass, true, "not an instance of ClipiaConfigError");
    assert.match(seen.message, /dangerouslyAllowBrowser/);
    assert.equal(seen.leaksKey, false, "the message contains an API key");
  });
  check("dangerouslyAllowBrowser: account.retrieve() with the test key", () => {
    loaded("account");
    assert.equal(steps.account.sameAccount, true, "not the default account");
    assert.equal(steps.account.credits, steps.account.expected);
  });
  check('subscribe("nano-banana-2") with the test key completes; its sample image loads through the worker', () => {
    loaded("testRun");
    assert.deepEqual(steps.testRun, { status: "COMPLETED", cost: 4, mediaOnPageOrigin: true, imageStatus: 200 });
  });
  check("the read-only key gets InsufficientScopeError (403 insufficient_scope, needs generate)", () => {
    loaded("readOnly");
    const seen = steps.readOnly;
    assert.equal(seen.threw, true, "the submit did not throw");
    assert.equal(seen.name, "InsufficientScopeError");
    assert.equal(seen.isExpectedClass, true, "not an instance of InsufficientScopeError");
    assert.deepEqual([seen.status, seen.code, seen.requiredScope], [403, "insufficient_scope", "generate"]);
  });
  check("a live request goes IN_QUEUE -> pending result (202) -> COMPLETED on advanceClock, charged once", () => {
    loaded("live");
    const live = steps.live;
    assert.deepEqual(live.statuses, ["IN_QUEUE", "pending", "COMPLETED"]);
    assert.equal(live.hasVideo, true);
    assert.equal(live.cost, 28, "seedance-2-fast-t2v, 5 s at 480p: 47 x 0.6");
    assert.equal(live.charged, live.cost, "the balance did not drop by the cost");
  });
  check("models.list() is the whole catalog, generation and text models", () => {
    loaded("models");
    for (const slug of [
      "nano-banana-2",
      "nano-banana-pro",
      "flux-2-pro",
      "gpt-image-2",
      "seedance-2-fast-t2v",
      "seedance-2-fast-i2v",
      "kling-3",
      "wan-2-7",
      "sora-2",
      "claude-sonnet-4-6",
      "gpt-5.5",
    ]) {
      assert.ok(steps.models.slugs.includes(slug), `${slug} is missing from ${steps.models.slugs.join(", ")}`);
    }
  });
  check("verifyWebhook in the page accepts the sandbox's signed delivery and rejects a tampered one", () => {
    loaded("webhook");
    const hook = steps.webhook;
    assert.equal(hook.delivered, true, "no delivery reached the sandbox's fetch");
    assert.deepEqual([hook.status, hook.sameRequest], ["OK", true]);
    assert.ok(hook.tampered, "the tampered body was accepted");
    assert.deepEqual(
      [hook.tampered.name, hook.tampered.isExpectedClass, hook.tampered.reason],
      ["WebhookVerificationError", true, "signature_mismatch"],
    );
  });
  check("the browser requested nothing but 127.0.0.1", () => {
    const offMachine = requested.filter((url) => !/^(data|blob):/.test(url) && new URL(url).hostname !== "127.0.0.1");
    assert.deepEqual(offMachine, []);
  });
  check("every API call was answered in the page (none reached the HTTP server)", () => {
    assert.deepEqual(
      received.filter((line) => !/^GET \/(|bundle\.js|mockServiceWorker\.js|favicon\.ico)$/.test(line)),
      [],
    );
    assert.ok(received.includes("GET /mockServiceWorker.js"), "the service worker script was never fetched");
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const apiCalls = requested.filter((url) => /\/v1\//.test(url)).length;
  console.log(
    failures === 0
      ? `browser test: all checks passed in ${seconds}s (${requested.length} requests, ${apiCalls} of them API calls answered by MSW)`
      : `browser test: ${failures} check(s) failed in ${seconds}s`,
  );
} catch (error) {
  failures += 1;
  console.error(`browser test: ${error.stack ?? error}`);
} finally {
  await browser?.close().catch(() => {});
  server?.closeAllConnections();
  server?.close();
  rmSync(served, { recursive: true, force: true });
}
process.exitCode = failures === 0 ? 0 : 1;
