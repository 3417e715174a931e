// The sandbox's developer console in a real browser: starts the built sandbox server
// (packages/sandbox/dist/node) on 127.0.0.1 port 0, drives its console_url in Chromium through
// playwright-core, and checks every action against the public API: a key's secret shown once
// and working with its scopes, revoke, disable / enable, expiry through the clock control, model
// and IP restrictions, webhook secret rotation (the next delivery verifies with the new secret
// only) and redelivery, request outputs and the console cancel, the account settings (no plan is
// 402 subscription_required on the API), the layout at 1280×800 and 1024×768 (no tab wider than
// the window, no table wider than its box, every row's actions on screen), and a page on another
// origin that cannot drive the control plane, the chat completions of the Requests tab (tokens and
// cost), and the Logs tab (a 422 with its code, an ignored input field's warning, a revoked key's
// 401; the status and path filters). With --screenshots (or CLIPIA_CONSOLE_SCREENSHOTS=1) it also
// writes docs/console/*.png (keys-1280.png and keys-1024.png: the whole keys page; logs.png).
// Needs `pnpm build` first and a Chromium (default /usr/bin/chromium; CLIPIA_CHROMIUM overrides).
// Usage: node scripts/browser/console.mjs [--screenshots]
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const executablePath = process.env.CLIPIA_CHROMIUM ?? "/usr/bin/chromium";
const screenshots = process.argv.includes("--screenshots") || process.env.CLIPIA_CONSOLE_SCREENSHOTS === "1";
const started = performance.now();
const T = 10_000;

if (!existsSync(executablePath)) {
  console.log(
    `SKIPPED: console browser test (no Chromium at ${executablePath}; apt-get install chromium, or set CLIPIA_CHROMIUM)`,
  );
  process.exit(0);
}
const entry = join(root, "packages/sandbox/dist/node/index.js");
if (!existsSync(entry)) {
  console.error("console browser test: packages/sandbox/dist/node/index.js is missing; run `pnpm build` first.");
  process.exit(1);
}
const { startSandboxServer } = await import(pathToFileURL(entry).href);

let failures = 0;
let onFailure = async () => {};
let sandboxServer;
let browser;
const servers = [];

/** A local server on 127.0.0.1 port 0 (the webhook receiver, the foreign page). */
async function listen(handler) {
  const server = createServer(handler);
  await new Promise((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}`;
}

async function step(name, fn) {
  const t0 = performance.now();
  try {
    await fn();
    console.log(`  ok    ${name} (${Math.round(performance.now() - t0)} ms)`);
  } catch (error) {
    failures += 1;
    console.log(
      `  FAIL  ${name}: ${String(error?.stack ?? error)
        .split("\n")
        .slice(0, 8)
        .join("\n        ")}`,
    );
    await onFailure().catch(() => {});
  }
}

function verifySignature(secret, delivery) {
  const header = delivery.headers["x-clipia-signature"] ?? "";
  const { t, v1 } = Object.fromEntries(header.split(",").map((part) => part.split("=")));
  const expected = createHmac("sha256", secret).update(`${t}.${delivery.body}`).digest("hex");
  return v1 === expected;
}

try {
  sandboxServer = await startSandboxServer({ port: 0, host: "127.0.0.1" });
  const { url, consoleUrl, sandbox } = sandboxServer;
  const accountId = sandbox.account.account_id;
  const call = async (path, key, init = {}) => {
    const response = await fetch(`${url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${key}`,
        ...(init.body ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const submit = (key, model = "nano-banana-2", extra = {}) =>
    call(`/v1/models/${model}`, key, {
      method: "POST",
      body: JSON.stringify({ input: { prompt: "a lighthouse at dusk" }, ...extra }),
    });

  // Webhook receiver: records every delivery with its raw body.
  const deliveries = [];
  const receiverUrl = await listen((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  const waitForDeliveries = async (count) => {
    const until = Date.now() + T;
    while (deliveries.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    assert.ok(deliveries.length >= count, `expected ${count} webhook deliveries, got ${deliveries.length}`);
    return deliveries[count - 1];
  };

  browser = await chromium.launch({
    executablePath,
    timeout: 30_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    permissions: ["clipboard-read", "clipboard-write"],
  });
  context.setDefaultTimeout(T);
  const offMachine = [];
  context.on("request", (request) => {
    if (!/^(http:\/\/127\.0\.0\.1[:/]|data:|blob:)/.test(request.url())) offMachine.push(request.url());
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  console.log(`console: ${browser.version()}, ${consoleUrl}`);

  const ready = (tab) => page.waitForSelector(`body[data-ready="${tab}"]`);
  const openTab = async (name, id) => {
    await page.getByRole("tab", { name }).click();
    await ready(id);
  };
  const row = (name) => page.locator("tr", { has: page.locator(".key-name", { hasText: new RegExp(`^${name}$`) }) });
  const statusOf = async (name) => (await row(name).getAttribute("data-status")) ?? "";
  const waitStatus = async (name, status) => {
    await page.waitForFunction(
      ([keyName, want]) =>
        [...document.querySelectorAll("tr")].some(
          (tr) => tr.querySelector(".key-name")?.textContent === keyName && tr.dataset.status === want,
        ),
      [name, status],
    );
  };
  const shot = async (file, { fullPage = false } = {}) => {
    if (!screenshots) return;
    mkdirSync(join(root, "docs/console"), { recursive: true });
    await page.screenshot({ path: join(root, "docs/console", file), fullPage });
  };
  /** Creates a key through the dialog; returns the secret read back from the clipboard after Copy. */
  const createKey = async (name, { environment = "test", scopes = ["generate", "read"], advanced } = {}) => {
    await page.getByRole("button", { name: "Create API key" }).click();
    const dialog = page.getByTestId("create-key-dialog");
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByRole("radio", { name: environment === "live" ? /Live/ : /Test/ }).check();
    for (const scope of ["generate", "read"]) {
      const box = dialog.getByRole("checkbox", { name: scope, exact: true });
      if (scopes.includes(scope)) await box.check();
      else await box.uncheck();
    }
    if (advanced) {
      await dialog.locator("summary", { hasText: "Advanced" }).click();
      await advanced(dialog);
    }
    await dialog.getByRole("button", { name: "Create key" }).click();
    const secretDialog = page.getByTestId("secret-dialog");
    await secretDialog.waitFor();
    if (name === "ci-read") await shot("secret-once.png");
    await secretDialog.getByRole("button", { name: "Copy Secret key" }).click();
    await secretDialog.getByText("Copied").waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(
      copied,
      await secretDialog.getByTestId("new-secret").inputValue(),
      "the clipboard holds the secret shown",
    );
    // The OpenAI-compatible base URL beside the secret (seed 004, Cleura): this sandbox's own /v1.
    assert.equal(
      await secretDialog.getByTestId("openai-base-url").inputValue(),
      `${new URL(page.url()).origin}/v1`,
      "the created-key dialog shows the OpenAI-compatible base URL",
    );
    await secretDialog.getByRole("button", { name: /^Done/ }).click();
    await secretDialog.waitFor({ state: "detached" });
    await row(name).waitFor();
    return copied;
  };
  const editKey = async (name, change) => {
    await row(name)
      .getByRole("button", { name: `Edit ${name}` })
      .click();
    const dialog = page.getByTestId("edit-key-dialog");
    const details = dialog.locator("details");
    if (!(await details.evaluate((el) => el.open))) await dialog.locator("summary", { hasText: "Advanced" }).click();
    await change(dialog);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await dialog.waitFor({ state: "detached" });
  };

  // A failed step may leave a dialog open: close them so the next step starts from the page.
  onFailure = () =>
    page.evaluate(() => {
      for (const d of document.querySelectorAll("dialog[open]")) d.close();
    });
  await page.goto(consoleUrl);
  await ready("keys");

  await step("the console lists the default account's keys, redacted, with their status", async () => {
    assert.equal(await page.locator("[data-key-id]").count(), 3);
    const text = await page.locator("body").innerText();
    for (const secret of Object.values(sandbox.keys))
      assert.ok(!text.includes(secret), "a full default key is on the page");
    assert.match(text, /clipia_live_…/);
    await shot("keys.png");
  });

  let readSecret = "";
  await step(
    "a test key with scopes [read]: the secret shows once, copies, and only its redacted form survives a reload",
    async () => {
      await page.getByRole("button", { name: "Create API key" }).click();
      await page.getByTestId("create-key-dialog").locator("summary", { hasText: "Advanced" }).click();
      await page.getByTestId("create-key-dialog").getByLabel("IP allow-list").fill("10.0.0.0/8");
      await page
        .getByTestId("ip-status")
        .getByText(/refuse every IPv6 client/)
        .waitFor();
      if (screenshots) {
        const dialog = page.getByTestId("create-key-dialog");
        await dialog.getByLabel("Expiry", { exact: true }).selectOption("30d");
        await dialog.getByLabel("Only the models selected").check();
        for (const model of [/nano-banana-2/, /flux-2-pro/])
          await dialog.getByTestId("model-picker").getByRole("checkbox", { name: model }).check();
        await page.setViewportSize({ width: 1440, height: 1500 });
        await shot("create-key.png");
        await page.setViewportSize({ width: 1440, height: 900 });
      }
      await page.getByTestId("create-key-dialog").getByRole("button", { name: "Cancel" }).click();
      readSecret = await createKey("ci-read", { scopes: ["read"] });
      assert.match(readSecret, /^clipia_test_[A-Za-z0-9]{32}$/);
      await page.reload();
      await ready("keys");
      const everything = await page.evaluate(() =>
        [
          document.documentElement.outerHTML,
          document.body.innerText,
          ...[...document.querySelectorAll("input, textarea")].map((e) => e.value),
          JSON.stringify({ ...localStorage }),
          JSON.stringify({ ...sessionStorage }),
          document.cookie,
        ].join("\n"),
      );
      assert.ok(!everything.includes(readSecret), "the secret is still somewhere on the page");
      const listed = await (await fetch(`${url}/_sandbox/accounts/${accountId}/keys`)).text();
      assert.ok(!listed.includes(readSecret), "the control plane lists the secret");
      const redacted = (await row("ci-read").locator('[data-col="redacted"]').innerText()).trim();
      assert.equal(redacted, `clipia_test_…${readSecret.slice(-4)}`);
      assert.equal((await row("ci-read").locator('[data-col="scopes"]').innerText()).trim(), "read");
    },
  );

  await step(
    "the copied secret works against the public API: read works, submit is 403 insufficient_scope",
    async () => {
      const key = await call("/v1/key", readSecret);
      assert.equal(key.status, 200);
      assert.equal(key.body.data.label, "ci-read");
      assert.equal((await call("/v1/account", readSecret)).status, 200);
      const denied = await submit(readSecret);
      assert.equal(denied.status, 403);
      assert.equal(denied.body.error.code, "insufficient_scope");
    },
  );

  await step(
    "revoke from the page (behind a confirmation): the next request is 401 and the list shows revoked",
    async () => {
      await row("ci-read").getByRole("button", { name: "Revoke ci-read" }).click();
      const confirm = page.getByTestId("confirm-dialog");
      await confirm.getByRole("button", { name: "Cancel" }).click();
      assert.equal(await statusOf("ci-read"), "active", "Cancel revoked the key");
      await row("ci-read").getByRole("button", { name: "Revoke ci-read" }).click();
      await confirm.getByRole("button", { name: "Revoke key" }).click();
      await waitStatus("ci-read", "revoked");
      const refused = await call("/v1/key", readSecret);
      assert.equal(refused.status, 401);
      assert.match(refused.body.error.message, /revoked/);
      assert.equal(
        await row("ci-read").getByRole("button", { name: "Edit ci-read" }).count(),
        0,
        "a revoked key still has actions",
      );
    },
  );

  let policySecret = "";
  await step("disable and re-enable: the list and the API follow", async () => {
    policySecret = await createKey("ci-policy");
    assert.equal((await submit(policySecret)).status, 200);
    await row("ci-policy").getByRole("button", { name: "Disable ci-policy" }).click();
    await waitStatus("ci-policy", "disabled");
    const disabled = await call("/v1/key", policySecret);
    assert.equal(disabled.status, 401);
    assert.match(disabled.body.error.message, /disabled/);
    await row("ci-policy").getByRole("button", { name: "Enable ci-policy" }).click();
    await waitStatus("ci-policy", "active");
    assert.equal((await call("/v1/key", policySecret)).status, 200);
  });

  await step("edit a key whose rate limit has its own window: saving keeps the window", async () => {
    const { id } = sandbox.createKey(sandbox.account.account_id, {
      name: "ci-window",
      environment: "test",
      rate_limit: { requests: 10, interval: "30s" },
    });
    await page.reload();
    await ready("keys");
    await editKey("ci-window", async (dialog) => {
      await dialog.getByLabel("Requests per 30s").fill("12");
    });
    const saved = sandbox.listKeys(sandbox.account.account_id).find((key) => key.id === id);
    assert.deepEqual(saved?.rate_limit, { requests: 12, interval: "30s" });
    sandbox.revokeKey(id);
  });

  await step("restrict to a model: the list says so; another model is 403 model_not_allowed", async () => {
    await editKey("ci-policy", async (dialog) => {
      await dialog.getByLabel("Only the models selected").check();
      await dialog
        .getByTestId("model-picker")
        .getByRole("checkbox", { name: /flux-2-pro/ })
        .check();
    });
    await page.waitForFunction(() =>
      [...document.querySelectorAll(`[data-col="models"]`)].some((td) => td.textContent === "Only flux-2-pro"),
    );
    const other = await submit(policySecret, "nano-banana-2");
    assert.equal(other.status, 403);
    assert.equal(other.body.error.code, "model_not_allowed");
    assert.equal((await submit(policySecret, "flux-2-pro")).status, 200);
  });

  await step(
    "restrict to an IP range (validated, with the IPv4-only warning): 127.0.0.1 is 403 ip_not_allowed, then allowed again",
    async () => {
      await editKey("ci-policy", async (dialog) => {
        const field = dialog.getByLabel("IP allow-list");
        await field.fill("10.0.0.0/8\n10.0.0.0/33");
        await dialog.getByTestId("ip-status").getByText("Not an IPv4/IPv6 address or CIDR: 10.0.0.0/33").waitFor();
        assert.equal(await field.getAttribute("aria-invalid"), "true");
        await field.fill("10.0.0.0/8");
        await dialog
          .getByTestId("ip-status")
          .getByText(/refuse every IPv6 client/)
          .waitFor();
      });
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-col="ips"]')].some((td) => td.textContent?.startsWith("10.0.0.0/8")),
      );
      const refused = await call("/v1/key", policySecret);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, "ip_not_allowed");
      await editKey("ci-policy", (dialog) => dialog.getByLabel("IP allow-list").fill("127.0.0.0/8\n::1"));
      assert.equal((await call("/v1/key", policySecret)).status, 200);
    },
  );

  await step(
    "expire through the clock control: a key expiring in 1 day is expired after advancing the clock 1 day",
    async () => {
      const secret = await createKey("ci-expiring", {
        advanced: (dialog) => dialog.getByLabel("Expiry", { exact: true }).selectOption("1d"),
      });
      assert.notEqual((await row("ci-expiring").locator('[data-col="expires"]').innerText()).trim(), "Never");
      assert.equal((await call("/v1/key", secret)).status, 200);
      await page.getByLabel("Advance clock").selectOption({ label: "+1 d" });
      await page.getByRole("button", { name: "Advance", exact: true }).click();
      await waitStatus("ci-expiring", "expired");
      const expired = await call("/v1/key", secret);
      assert.equal(expired.status, 401);
      assert.match(expired.body.error.message, /expired/);
    },
  );

  await step(
    "rotate the webhook secret: the next delivery verifies with the new secret only; redeliver from the log",
    async () => {
      const before = sandbox.webhookSecret;
      await submit(sandbox.keys.test, "nano-banana-2", { webhook_url: `${receiverUrl}/hook` });
      assert.ok(
        verifySignature(before, await waitForDeliveries(1)),
        "the first delivery is not signed with the current secret",
      );
      await openTab("Webhooks", "webhooks");
      assert.equal(await page.getByTestId("webhook-secret").innerText(), "whsec_••••••••••••••••••••••••");
      await page.getByRole("button", { name: "Reveal" }).click();
      assert.equal(await page.getByTestId("webhook-secret").innerText(), before);
      await page.getByRole("button", { name: "Rotate" }).click();
      await page.getByTestId("confirm-dialog").getByRole("button", { name: "Rotate secret" }).click();
      await page.waitForFunction((old) => {
        const text = document.querySelector('[data-testid="webhook-secret"]')?.textContent ?? "";
        return text.startsWith("whsec_") && !text.includes("•") && text !== old;
      }, before);
      const after = await page.getByTestId("webhook-secret").innerText();
      assert.equal(after, sandbox.webhookSecret);
      await submit(sandbox.keys.test, "nano-banana-2", { webhook_url: `${receiverUrl}/hook` });
      const next = await waitForDeliveries(2);
      assert.equal(verifySignature(after, next), true, "the new secret does not verify the next delivery");
      assert.equal(verifySignature(before, next), false, "the old secret still verifies");
      await page.reload();
      await ready("webhooks");
      await page.locator("[data-delivery-id]").first().waitFor();
      assert.equal(await page.locator("[data-delivery-id]").count(), 2);
      await shot("webhooks.png");
      const latest = page.locator("[data-delivery-id]").first();
      const id = await latest.getAttribute("data-delivery-id");
      await latest.getByRole("button", { name: `Redeliver ${id}` }).click();
      const again = await waitForDeliveries(3);
      assert.equal(
        again.headers["x-clipia-webhook-id"],
        next.headers["x-clipia-webhook-id"],
        "a redelivery keeps the delivery id",
      );
      assert.equal(verifySignature(after, again), true);
      await page.waitForFunction(
        (deliveryId) =>
          document
            .querySelector(`[data-delivery-id="${deliveryId}"] [data-col="attempts"]`)
            ?.textContent?.startsWith("2"),
        id,
      );
    },
  );

  await step(
    "requests: the completed image shows, the video is playable, and a running live request is canceled from the page",
    async () => {
      const video = await submit(sandbox.keys.test, "kling-3");
      assert.equal(video.status, 200);
      const live = await submit(sandbox.keys.live, "nano-banana-2");
      assert.equal(live.body.status, "IN_QUEUE");
      await openTab("Requests", "requests");
      await shot("requests.png");
      await page.getByRole("button", { name: `View ${video.body.request_id}` }).click();
      const videoEl = page.getByTestId("output-video");
      await page.waitForFunction(() => (document.querySelector('[data-testid="output-video"]')?.readyState ?? 0) >= 2);
      const duration = await videoEl.evaluate((el) => el.duration);
      assert.ok(duration > 0, "the video has no duration");
      await page.getByTestId("request-dialog").getByRole("button", { name: "Close" }).click();
      const imageRequest = sandbox
        .listRequests(accountId)
        .find((r) => r.model === "nano-banana-2" && r.status === "COMPLETED");
      await page.getByRole("button", { name: `View ${imageRequest.request_id}` }).click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="output-image"]')?.naturalWidth ?? 0) > 0);
      await shot("request-output.png");
      await page.getByTestId("request-dialog").getByRole("button", { name: "Close" }).click();
      await page.getByRole("button", { name: `Cancel ${live.body.request_id}` }).click();
      await page.waitForSelector(`tr[data-request-id="${live.body.request_id}"][data-status="CANCELED"]`);
      const result = await call(`/v1/requests/${live.body.request_id}`, sandbox.keys.live);
      assert.equal(result.body.status, "CANCELED");
      assert.equal(result.body.error.code, "GENERATION_CANCELED");
    },
  );

  await step("requests: chat completions with their tokens and cost, a live one charged, a test one not", async () => {
    // An account of its own: a live chat leaves a fractional balance, which later steps would restore.
    const { account, keys } = sandbox.createAccount();
    const id = account.account_id;
    const chat = (key, body) =>
      call("/v1/chat/completions", key, {
        method: "POST",
        body: JSON.stringify({
          model: "claude-sonnet-4-6",
          messages: [{ role: "user", content: "a lighthouse" }],
          ...body,
        }),
      });
    const plain = await chat(keys.test, {});
    assert.equal(plain.status, 200);
    const streamed = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.live}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "claude-sonnet-4-6",
        messages: [{ role: "user", content: "a lighthouse" }],
        stream: true,
        n: 2,
      }),
    });
    assert.equal(streamed.status, 200);
    await streamed.text();
    const [live, test] = sandbox.listChats(id);
    const show = (accountHash) =>
      page.evaluate(
        (hash) => {
          location.hash = hash;
        },
        `#requests/${encodeURIComponent(accountHash)}`,
      );
    await show(id);
    await page.waitForSelector('[data-testid="chats-table"] tbody tr:nth-child(2)');
    const rows = await page.$$eval('[data-testid="chats-table"] tbody tr', (trs) =>
      trs.map((tr) => ({
        id: tr.dataset.chatId,
        text: tr.innerText,
        prompt: tr.querySelector('[data-col="prompt-tokens"]')?.textContent,
        completion: tr.querySelector('[data-col="completion-tokens"]')?.textContent,
        cost: tr.querySelector('[data-col="cost"]')?.textContent,
      })),
    );
    assert.deepEqual(
      rows.slice(0, 2).map((r) => r.id),
      [live.id, test.id],
      "newest first",
    );
    assert.equal(rows[1].id, plain.body.id);
    assert.equal(rows[0].prompt, String(live.prompt_tokens));
    assert.equal(rows[0].completion, `${live.completion_tokens} (2 choices)`);
    assert.equal(rows[0].cost, `${live.cost.toLocaleString("en-US", { maximumFractionDigits: 6 })} credits`);
    assert.match(rows[0].text, /streamed/);
    assert.equal(rows[1].completion, String(plain.body.usage.completion_tokens));
    assert.match(rows[1].cost, /\(test, not charged\)$/);
    assert.ok(!rows.some((r) => r.text.includes("a lighthouse")), "a chat's message is shown");
    const fit = await page.evaluate(() => {
      const table = document.querySelector('[data-testid="chats-table"]');
      return { table: table.scrollWidth, box: table.parentElement.clientWidth };
    });
    assert.ok(fit.table <= fit.box, `the chats table overflows: ${JSON.stringify(fit)}`);
    const text = await page.locator("main").innerText();
    for (const secret of [keys.test, keys.live]) assert.ok(!text.includes(secret), "a secret is shown");
    // Back to the page's account for the steps that follow.
    await show(accountId);
    await page.waitForFunction(() => !document.querySelector('[data-testid="chats-table"]'));
  });

  await step("usage: the balance and the 30-day chart per key", async () => {
    // Some live spending on earlier days, so the chart has bars.
    for (let day = 0; day < 3; day++) {
      for (let i = 0; i <= day; i++) await submit(sandbox.keys.live, "flux-2-pro");
      sandbox.advanceClock(86_400_000, { account_id: accountId });
    }
    await openTab("Usage", "usage");
    const balance = await page.getByTestId("usage-balance").innerText();
    assert.equal(balance, `${sandbox.account.balance.credits.toLocaleString("en-US")} credits`);
    assert.ok((await page.locator('[data-testid="chart-credits"] rect').count()) >= 3, "the credits chart has no bars");
    // The last bucket is labelled by the UTC day it covers: today on the account's clock.
    const today = new Date(sandbox.now({ account_id: accountId })).toISOString().slice(5, 10);
    assert.equal(await page.getByTestId("chart-credits-last-day").textContent(), `${today} (today)`);
    const report = sandbox.usage(accountId);
    const liveRow = report.keys.find((k) => k.environment === "live");
    assert.ok(liveRow.credits_spent > 0);
    await shot("usage.png");
  });

  await step(
    "settings: no plan makes a live submit 402 subscription_required; strict inputs and balance saved",
    async () => {
      const listed = () => sandbox.listAccounts().find((a) => a.account_id === accountId);
      const before = listed();
      await openTab("Settings", "settings");
      const form = page.getByTestId("settings-form");
      await form.getByRole("radio", { name: /^No plan/ }).check();
      await form.getByRole("button", { name: "Save settings" }).click();
      await page
        .getByTestId("status")
        .getByText(/^Account settings saved: no plan/)
        .waitFor();
      assert.equal(listed().subscription, "none");
      const refused = await submit(sandbox.keys.live);
      assert.equal(refused.status, 402);
      assert.equal(refused.body.error.code, "subscription_required");
      assert.equal((await submit(sandbox.keys.test)).status, 200, "a test key is not affected");
      await shot("settings.png");

      // A balance the control plane would refuse is caught in the form; nothing changes.
      await form.getByLabel("Balance (credits)").fill("-3");
      await form.getByRole("button", { name: "Save settings" }).click();
      await page
        .getByTestId("settings-error")
        .getByText(/whole number/)
        .waitFor();
      assert.equal(listed().balance.credits, before.balance.credits);

      await form.getByRole("radio", { name: "Active plan" }).check();
      await form.getByLabel("Strict inputs").check();
      await form.getByLabel("Balance (credits)").fill("777");
      await form.getByRole("button", { name: "Save settings" }).click();
      await page
        .getByTestId("status")
        .getByText(/^Account settings saved: active plan, strict inputs on, 777 credits/)
        .waitFor();
      assert.deepEqual(
        {
          subscription: listed().subscription,
          strict_inputs: listed().strict_inputs,
          balance: listed().balance.credits,
        },
        { subscription: "active", strict_inputs: true, balance: 777 },
      );
      // The form shows what was saved after its redraw.
      assert.equal(await page.getByTestId("settings-form").getByLabel("Strict inputs").isChecked(), true);
      assert.equal((await submit(sandbox.keys.live)).status, 200);

      sandbox.updateAccount(accountId, { strict_inputs: false, balance_credits: before.balance.credits });
      await openTab("Usage", "usage");
    },
  );

  await step("accounts: create one from the page (its keys shown once), switch back and forth", async () => {
    const before = sandbox.listAccounts().length;
    await page.getByRole("button", { name: "New account" }).click();
    const dialog = page.getByTestId("secret-dialog");
    const liveKey = await dialog.getByTestId("account-live").inputValue();
    await dialog.getByRole("button", { name: /^Done/ }).click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(sandbox.listAccounts().length, before + 1);
    assert.equal((await call("/v1/account", liveKey)).status, 200);
    const created = sandbox.listAccounts().at(-1).account_id;
    assert.equal(await page.getByLabel("Account", { exact: true }).inputValue(), created);
    await page.getByLabel("Account", { exact: true }).selectOption(accountId);
    await ready("usage");
    assert.equal(await page.getByLabel("Account", { exact: true }).inputValue(), accountId);
  });

  await step(
    "keyboard: the tabs move with the arrow keys; a key is created with Enter, typing and Escape alone",
    async () => {
      // Settings is the last tab: the arrow wraps round to the first.
      await page.getByRole("tab", { name: "Settings" }).focus();
      await page.keyboard.press("ArrowRight");
      await ready("keys");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "tab-keys");
      await page.getByRole("button", { name: "Create API key" }).focus();
      await page.keyboard.press("Enter");
      await page.getByTestId("create-key-dialog").waitFor();
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute("name")),
        "name",
        "focus is not in the Name field",
      );
      await page.keyboard.type("ci-keyboard");
      await page.keyboard.press("Enter");
      await page.getByTestId("secret-dialog").waitFor();
      await page.keyboard.press("Escape");
      await page.getByTestId("secret-dialog").waitFor({ state: "detached" });
      await row("ci-keyboard").waitFor();
      assert.equal(
        await page.evaluate(() => document.activeElement?.dataset.fid),
        "create-key",
        "focus did not return to the opener",
      );
    },
  );

  await step(
    "layout at 1280×800 and 1024×768: no tab overflows the page, no table its box, every row's actions on screen",
    async () => {
      // Keys that fill every column: long names without spaces, IP lists, model lists, budgets,
      // limits; requests and a webhook delivery of them, so the other tabs have long rows too.
      const { data: catalog } = await (await fetch(`${url}/_sandbox/models`)).json();
      const slugs = catalog.map((model) => model.slug);
      const longNames = [
        "production-image-pipeline-europe-west-nightly-batch-renderer",
        "staging thumbnails for the marketing site (shared with the agency)",
        "ci",
      ];
      for (const [i, name] of longNames.entries()) {
        const created = sandbox.createKey(accountId, {
          name,
          environment: i === 1 ? "live" : "test",
          scopes: ["generate", "read"],
          credit_limit: i === 2 ? null : 250_000,
          rate_limit: { requests: 6_000 },
          concurrency: 250,
          expires_at: new Date(sandbox.now({ account_id: accountId }) + 90 * 86_400_000).toISOString(),
          model_access: {
            mode: i === 0 ? "include" : "exclude",
            models: ["nano-banana-2", ...slugs.filter((slug) => slug !== "nano-banana-2").slice(0, 5)],
          },
          allowed_ips: ["127.0.0.0/8", "192.168.100.0/24", "172.16.254.1", "2001:db8:85a3::8a2e:370:7334/128"],
        });
        if (i === 0) {
          const submitted = await submit(created.secret, "nano-banana-2", {
            webhook_url: `${receiverUrl}/hooks/clipia/a-rather-long-receiver-path/for-the-layout-check?tenant=acme-corporation-europe`,
          });
          assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
          await waitForDeliveries(deliveries.length + 1);
        }
      }
      await page.reload();
      await ready("keys");
      const tabs = [
        ["API keys", "keys"],
        ["Webhooks", "webhooks"],
        ["Requests", "requests"],
        ["Usage", "usage"],
        ["Settings", "settings"],
      ];
      for (const [width, height] of [
        [1280, 800],
        [1024, 768],
      ]) {
        await page.setViewportSize({ width, height });
        for (const [name, id] of tabs) {
          await openTab(name, id);
          const where = `${id} at ${width}px`;
          const fit = await page.evaluate(() => ({
            page: document.documentElement.scrollWidth,
            viewport: innerWidth,
            tables: [...document.querySelectorAll("main table")].map((table) => ({
              table: table.dataset.testid ?? table.caption?.textContent ?? "table",
              width: table.scrollWidth,
              box: table.parentElement.clientWidth,
              boxScroll: table.parentElement.scrollWidth,
            })),
          }));
          assert.ok(fit.page <= fit.viewport, `${where}: the page is ${fit.page}px wide in ${fit.viewport}px`);
          if (id !== "settings") assert.ok(fit.tables.length > 0, `${where}: no table`);
          for (const table of fit.tables) {
            assert.ok(
              table.width <= table.box && table.boxScroll <= table.box,
              `${where}: ${table.table} is ${table.width}px wide in a ${table.box}px box`,
            );
          }
          // Every action button of every row (Edit / Disable / Revoke, View / Cancel, Redeliver)
          // lies wholly within the viewport's width.
          const actions = page.locator("main tbody tr button");
          const count = await actions.count();
          if (id === "keys") assert.ok(count >= 3 * 6, `${where}: ${count} row actions`);
          for (let i = 0; i < count; i++) {
            const button = actions.nth(i);
            const box = await button.boundingBox();
            const label = (await button.getAttribute("aria-label")) ?? (await button.innerText());
            assert.ok(box, `${where}: ${label} is not shown`);
            assert.ok(
              box.x >= 0 && box.x + box.width <= width,
              `${where}: ${label} spans x ${box.x}–${box.x + box.width}`,
            );
          }
          if (id === "keys") {
            // Model access and the limits have columns of their own (not under IP restriction).
            const heads = await page.locator('[data-testid="keys-table"] thead th').allInnerTexts();
            for (const head of [/model access/i, /limits/i, /budget/i, /ip restriction/i])
              assert.ok(
                heads.some((text) => head.test(text)),
                `${where}: no ${head} column in ${heads.join(" | ")}`,
              );
            const first = row(longNames[0]);
            assert.match(await first.locator('td[data-col="models"]').innerText(), /^Only /);
            assert.match(
              await first.locator('td[data-col="limits"]').innerText(),
              /6,000 requests\/min[\s\S]*250 concurrent/,
            );
            await shot(`keys-${width}.png`, { fullPage: true });
          }
        }
      }
      await page.setViewportSize({ width: 1440, height: 900 });
    },
  );

  await step("a page on another origin cannot drive the control plane (form post, no-cors fetches)", async () => {
    const keysBefore = sandbox.listKeys(accountId).length;
    const secretBefore = sandbox.webhookSecret;
    const target = sandbox.listKeys(accountId).find((k) => k.name === "ci-policy");
    const running = (await submit(sandbox.keys.live, "nano-banana-2")).body.request_id;
    const evilHtml = `<!doctype html><body>
<iframe name="sink"></iframe>
<form id="f" method="post" target="sink" action="${url}/_sandbox/accounts/${accountId}/webhook-secret/rotate"><input name="x" value="1"></form>
<script>
window.done = (async () => {
  const results = [];
  for (const [method, path, body] of [
    ["POST", "/_sandbox/accounts/${accountId}/keys", '{"name":"evil","environment":"live"}'],
    ["DELETE", "/_sandbox/keys/${target.id}"],
    ["POST", "/_sandbox/requests/${running}/cancel"],
    ["POST", "/_sandbox/accounts/${accountId}/webhook-secret/rotate"],
  ]) {
    // POST goes as a "simple" no-cors request (no preflight); DELETE needs a CORS preflight.
    const init = method === "POST" ? { method, body, mode: "no-cors", headers: { "content-type": "text/plain" } } : { method };
    try { await fetch("${url}" + path, init); results.push("sent"); }
    catch (e) { results.push(String(e)); }
  }
  document.getElementById("f").submit();
  return results;
})();
</script></body>`;
    const evil = await listen((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(evilHtml));
    const evilPage = await context.newPage();
    await evilPage.goto(evil);
    await evilPage.evaluate(() => window.done);
    const frame = evilPage.frames().find((f) => f.name() === "sink");
    await frame.waitForURL(/webhook-secret\/rotate/);
    assert.match(await frame.content(), /origin_not_allowed/, "the form post was not refused with origin_not_allowed");
    await evilPage.close();
    assert.equal(sandbox.listKeys(accountId).length, keysBefore, "a key was created");
    assert.equal(sandbox.listKeys(accountId).find((k) => k.id === target.id).status, "active", "the key was revoked");
    assert.equal(sandbox.webhookSecret, secretBefore, "the webhook secret was rotated");
    assert.notEqual(
      sandbox.listRequests(accountId).find((r) => r.request_id === running).status,
      "CANCELED",
      "the request was canceled",
    );
  });

  await step(
    "logs: a 422, an ignored input field's warning and a revoked key's 401 of the page's account; filters narrow them",
    async () => {
      const { account, keys } = sandbox.createAccount();
      const id = account.account_id;
      const unprompted = await call("/v1/models/nano-banana-2", keys.test, {
        method: "POST",
        body: JSON.stringify({ input: {} }),
      });
      assert.equal(unprompted.status, 422);
      const warned = await call("/v1/models/nano-banana-2", keys.test, {
        method: "POST",
        headers: { "idempotency-key": "browser-log-1" },
        body: JSON.stringify({ input: { prompt: "a fox", colour: "red" } }),
      });
      assert.equal(warned.status, 200);
      const revoked = sandbox.createKey(id, { name: "gone", environment: "test" });
      sandbox.revokeKey(revoked.id);
      assert.equal((await call("/v1/account", revoked.secret)).status, 401);

      await page.evaluate(
        (hash) => {
          location.hash = hash;
        },
        `#logs/${encodeURIComponent(id)}`,
      );
      await page.waitForSelector('[data-testid="logs-table"] tbody tr:nth-child(3)');
      const rows = () =>
        page.$$eval('[data-testid="logs-table"] tbody tr', (trs) =>
          trs.map((tr) => {
            const col = (name) => tr.querySelector(`[data-col="${name}"]`)?.textContent ?? "";
            return {
              status: col("status"),
              code: col("code"),
              path: col("path"),
              key: col("key"),
              auth: col("auth"),
              idempotency: col("idempotency"),
              duration: col("duration"),
              warnings: col("warnings"),
            };
          }),
        );
      const all = await rows();
      assert.deepEqual(
        all.map((r) => [r.status, r.code, r.path]),
        [
          ["401", "invalid_api_key", "/v1/account"],
          ["200", "", "/v1/models/nano-banana-2"],
          ["422", "model_input_invalid", "/v1/models/nano-banana-2"],
        ],
      );
      assert.equal(all[0].key, revoked.redacted_value);
      assert.equal(all[0].auth, "Authorization: Bearer");
      assert.equal(all[1].idempotency, "browser-log-1");
      assert.match(all[1].warnings, /input\.colour is not a field of nano-banana-2/);
      assert.ok(
        all.every((r) => /^\d+ ms$/.test(r.duration)),
        "every row shows its duration",
      );
      const text = await page.locator("main").innerText();
      for (const secret of [keys.test, revoked.secret]) assert.ok(!text.includes(secret), "a secret is shown");
      await shot("logs.png");

      await page.getByLabel("Status").selectOption("4xx");
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="logs-table"] tbody tr').length === 2);
      assert.deepEqual(
        (await rows()).map((r) => r.status),
        ["401", "422"],
      );
      await page.getByLabel("Status").selectOption("");
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="logs-table"] tbody tr').length === 3);
      await page.getByLabel("Path contains").fill("/v1/account");
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="logs-table"] tbody tr').length === 1);
      assert.deepEqual(
        (await rows()).map((r) => r.code),
        ["invalid_api_key"],
      );

      // The log's table fits its box at the narrowest supported width too.
      await page.getByLabel("Path contains").fill("");
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForSelector('[data-testid="logs-table"] tbody tr:nth-child(3)');
      await page.setViewportSize({ width: 1024, height: 768 });
      const fit = await page.evaluate(() => {
        const table = document.querySelector('[data-testid="logs-table"]');
        return {
          page: document.documentElement.scrollWidth,
          table: table.scrollWidth,
          box: table.parentElement.clientWidth,
        };
      });
      await page.setViewportSize({ width: 1440, height: 900 });
      assert.ok(fit.page <= 1024 && fit.table <= fit.box, `logs at 1024px: ${JSON.stringify(fit)}`);
    },
  );

  await step("the page made no request off 127.0.0.1 and logged no error", async () => {
    assert.deepEqual(offMachine, []);
    assert.deepEqual(
      pageErrors.filter((e) => !/status of 403/.test(e)),
      [],
    );
  });
} catch (error) {
  failures += 1;
  console.log(`  FAIL  setup: ${error?.stack ?? error}`);
} finally {
  await browser?.close();
  for (const server of servers) {
    server.closeAllConnections?.();
    server.close();
  }
  await sandboxServer?.close();
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  failures === 0
    ? `console browser test: all checks passed in ${seconds}s`
    : `console browser test: ${failures} failed (${seconds}s)`,
);
process.exitCode = failures === 0 ? 0 : 1;
