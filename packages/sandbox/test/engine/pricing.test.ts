import { CATALOG, createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { call, submit } from "./helpers.js";

// cost = round(credits_base × Π multipliers[field][value]); estimate and the charge share it.
const cases: Array<[string, Record<string, unknown>, number]> = [
  ["nano-banana-2", { prompt: "p" }, 4],
  ["nano-banana-2", { prompt: "p", resolution: "4K" }, 6],
  ["nano-banana-2", { prompt: "p", num_images: 3 }, 12],
  ["nano-banana-pro", { prompt: "p" }, 5],
  ["flux-2-pro", { prompt: "p" }, 3],
  ["gpt-image-2", { prompt: "p" }, 3],
  ["gpt-image-2", { prompt: "p", resolution: "4K" }, 7],
  ["seedance-2-fast-t2v", { prompt: "p" }, 47],
  ["seedance-2-fast-t2v", { prompt: "p", duration: 5, resolution: "720p" }, 47],
  ["seedance-2-fast-t2v", { prompt: "p", resolution: "480p" }, 28],
  ["seedance-2-fast-t2v", { prompt: "p", duration: 10 }, 94],
  ["seedance-2-fast-i2v", { prompt: "p", image_url: "https://example.com/a.png" }, 47],
  ["kling-3", { prompt: "p" }, 36],
  ["kling-3", { prompt: "p", resolution: "1080p" }, 54],
  ["wan-2-7", { prompt: "p" }, 24],
  ["sora-2", { prompt: "p" }, 17],
];

describe("pricing", () => {
  it.each(cases)("%s %j costs %i credits, in estimate, submit and the charge", async (model, input, credits) => {
    const sandbox = createSandbox();
    const { keys, account } = sandbox.createAccount({ balance_credits: 500 });
    const estimate = await call(sandbox, keys.live, "POST", `/v1/models/${model}/estimate`, { input });
    expect(estimate).toMatchObject({ status: 200, body: { credits } });
    const live = await submit(sandbox, keys.live, model, input);
    expect(live.body.cost).toBe(credits);
    expect(sandbox.listAccounts().find((a) => a.account_id === account.account_id)?.balance.credits).toBe(
      500 - credits,
    );
    const test = await submit(sandbox, keys.test, model, input);
    expect(test.body).toMatchObject({ status: "COMPLETED", cost: credits, queue_position: 0 });
  });

  it("prices each catalog model's default input at its listed credits", async () => {
    const sandbox = createSandbox();
    for (const entry of CATALOG) {
      if (!("input_schema" in entry)) continue;
      const input: Record<string, unknown> = { prompt: "p" };
      if (entry.input_schema.image_url?.required) input.image_url = "https://example.com/a.png";
      const estimate = await call(sandbox, sandbox.keys.test, "POST", `/v1/models/${entry.slug}/estimate`, { input });
      expect([entry.slug, estimate.body.credits]).toEqual([entry.slug, entry.pricing.credits]);
    }
  });

  it("refuses to price or queue a text model (400) and charges a test key nothing", async () => {
    const sandbox = createSandbox();
    const text = await call(sandbox, sandbox.keys.test, "POST", "/v1/models/gpt-5.5/estimate", {
      input: { prompt: "p" },
    });
    expect(text).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    await submit(sandbox, sandbox.keys.test, "kling-3", { prompt: "p" });
    expect(sandbox.account.balance.credits).toBe(1000);
  });
});
