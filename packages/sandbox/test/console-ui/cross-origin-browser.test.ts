import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// SPEC §5.3 / §5.4 in a real browser: a page on another port of 127.0.0.1 (any site the developer
// visits could be one) tries to read and drive the sandbox's control plane, under its plain path
// and under spellings the router decodes to it (`/%5Fsandbox`, `/_sandbo%78`). It holds the
// well-known default key (the docs print it). Headless Chromium enforces CORS as a user's browser
// does: the page must read nothing, mint no key, and reset nothing (the --state file included).

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const SPELLINGS = ["/_sandbox", "/%5Fsandbox", "/%5fsandbox", "/_sandbo%78", "/v1/../%5Fsandbox"];

interface Outcome {
  label: string;
  /** What the page could read: the status and body, or the error fetch threw. */
  read: { status: number; body: string } | { error: string };
}

describe.skipIf(!existsSync(CHROMIUM))(`a page on another origin, in headless Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  let sandbox: SandboxServer;
  let attacker: Server;
  let attackerUrl: string;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), "clipia-cross-origin-"));
    sandbox = await startSandboxServer({ port: 0, host: "127.0.0.1", state: join(stateDir, "state.db") });
    attacker = createServer((_, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>elsewhere</title>"),
    );
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await sandbox?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** Runs the attack from the attacker's page: every spelling, read, mint a key, reset. */
  async function attack(): Promise<Outcome[]> {
    const page = await browser.newPage();
    try {
      await page.goto(attackerUrl);
      const accountId = sandbox.sandbox.account.account_id;
      return await page.evaluate(
        async ({ base, spellings, key, accountId }) => {
          const auth = { authorization: `Bearer ${key}` };
          const json = { ...auth, "content-type": "application/json" };
          const outcomes: Outcome[] = [];
          const attempt = async (label: string, url: string, init: RequestInit) => {
            try {
              const response = await fetch(url, init);
              outcomes.push({ label, read: { status: response.status, body: await response.text() } });
            } catch (error) {
              outcomes.push({ label, read: { error: String(error) } });
            }
          };
          for (const spelling of spellings) {
            const at = `${base}${spelling}`;
            await attempt(`read ${spelling}/accounts`, `${at}/accounts`, { headers: auth });
            await attempt(`read ${spelling}/accounts (no key)`, `${at}/accounts`, {});
            await attempt(`mint ${spelling}/accounts/…/keys`, `${at}/accounts/${accountId}/keys`, {
              method: "POST",
              headers: json,
              body: JSON.stringify({ name: "minted by a page", environment: "live" }),
            });
            await attempt(`reset ${spelling}/reset`, `${at}/reset`, {
              method: "POST",
              headers: json,
              body: JSON.stringify({ all: true }),
            });
            // A no-cors form-like post is sent without a preflight; its answer is opaque, but it must not act either.
            await attempt(`blind reset ${spelling}/reset`, `${at}/reset`, {
              method: "POST",
              mode: "no-cors",
              body: "{}",
            });
          }
          return outcomes;
          // The page's `Outcome` is the test's; only its shape crosses over.
          type Outcome = { label: string; read: { status: number; body: string } | { error: string } };
        },
        { base: sandbox.url, spellings: SPELLINGS, key: sandbox.sandbox.keys.test, accountId },
      );
    } finally {
      await page.close();
    }
  }

  it("reads nothing, mints no key and resets nothing, under every spelling of the path", async () => {
    const marker = sandbox.sandbox.createAccount().account.account_id;
    const keysBefore = sandbox.sandbox.listKeys(sandbox.sandbox.account.account_id).map((key) => key.id);
    const outcomes = await attack();
    expect(outcomes).toHaveLength(SPELLINGS.length * 5);
    for (const { label, read } of outcomes) {
      // Blocked by CORS, the page sees a TypeError; an opaque no-cors answer reads as status 0 and no body.
      if ("error" in read) expect(read.error, label).toMatch(/TypeError/);
      else {
        expect(read.status, label).toBe(0);
        expect(read.body, label).toBe("");
      }
    }
    // Nothing changed behind the page's back: the marker account survived, no key was minted.
    expect(sandbox.sandbox.listAccounts().map((account) => account.account_id)).toContain(marker);
    expect(sandbox.sandbox.listKeys(sandbox.sandbox.account.account_id).map((key) => key.id)).toEqual(keysBefore);
  }, 60_000);

  it("the same page reads the public API (its CORS is meant for browsers)", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(attackerUrl);
      const status = await page.evaluate(
        async ({ base, key }) =>
          (await fetch(`${base}/v1/account`, { headers: { authorization: `Bearer ${key}` } })).status,
        { base: sandbox.url, key: sandbox.sandbox.keys.test },
      );
      expect(status).toBe(200);
    } finally {
      await page.close();
    }
  }, 60_000);
});
