import { priceOf } from "../../support/wire.js";
import { advance, balanceIs, estimate, get, isCount, result, status, submit } from "../helpers.js";
import type { ConformanceCase } from "../types.js";

const prompt = { prompt: "a paper boat on a river" };
const model = (slug: string, save: string) =>
  get(`/v1/models/${slug}`, "a.test", { status: 200, body: { slug } }, { save });

/** SPEC §2: estimate and pricing, the catalog (generation and text models), the account, 404s. */
export const catalogCases: ConformanceCase[] = [
  ...(
    [
      ["nano-banana-2", { prompt: "x", num_images: 3 }],
      ["gpt-image-2", { prompt: "x", resolution: "4K" }],
      ["seedance-2-fast-t2v", { prompt: "x", duration: 10, resolution: "480p" }],
      ["seedance-2-fast-i2v", { prompt: "x", image_url: "https://example.com/a.png", duration: 5 }],
      ["kling-3", { prompt: "x", resolution: "1080p", duration: 10 }],
      ["sora-2", { prompt: "x" }],
    ] as const
  ).map(
    ([slug, input]): ConformanceCase => ({
      name: `estimate == charged cost == pricing formula: ${slug} ${JSON.stringify(input)}`,
      covers: ["estimate == charged", "pricing formula"],
      steps: [
        model(slug, "m"),
        estimate(
          "a.live",
          slug,
          input,
          {
            status: 200,
            check: (body, v) => {
              if (Object.keys(body).join() !== "credits") throw new Error(`estimate fields ${Object.keys(body)}`);
              if (body.credits !== priceOf(v.m, input))
                throw new Error(`estimate ${body.credits}, formula ${priceOf(v.m, input)}`);
            },
          },
          { save: "e" },
        ),
        balanceIs("a.live", 1000),
        submit("a.live", slug, input, { status: 200, body: { cost: "{{e.credits}}" } }, { save: "r" }),
        balanceIs("a.live", (v) => 1000 - v.e.credits),
        submit("a.test", slug, input, { status: 200, body: { cost: "{{e.credits}}" } }),
      ],
    }),
  ),
  {
    name: "the default input's cost is the model's pricing.credits",
    covers: ["pricing formula"],
    steps: [
      model("wan-2-7", "m"),
      estimate(
        "a.test",
        "wan-2-7",
        { prompt: "x" },
        {
          status: 200,
          check: (body, v) => {
            if (body.credits !== v.m.pricing.credits)
              throw new Error(`default cost ${body.credits} != pricing.credits ${v.m.pricing.credits}`);
          },
        },
      ),
    ],
  },
  {
    name: "text models are listed and described OpenRouter-style, but submit and estimate are 400",
    covers: ["text model 400", "GET /v1/models/{model}"],
    steps: [
      get("/v1/models/claude-sonnet-4-6", "a.test", {
        status: 200,
        body: {
          id: "claude-sonnet-4-6",
          object: "model",
          pricing: { prompt: /^\d+(\.\d+)?$/, completion: /^\d+(\.\d+)?$/ },
          context_length: isCount,
        },
      }),
      submit("a.test", "claude-sonnet-4-6", prompt, { status: 400, code: "invalid_request" }),
      submit("a.live", "gpt-5.5", prompt, { status: 400, code: "invalid_request" }),
      estimate("a.live", "gpt-5.5", prompt, { status: 400, code: "invalid_request" }),
      balanceIs("a.live", 1000),
    ],
  },
  {
    name: "the catalog lists every slug of SPEC §5.2 without pagination; details carry input_schema",
    covers: ["GET /v1/models", "GET /v1/models/{model}"],
    steps: [
      get("/v1/models", "a.live", {
        status: 200,
        check: (body) => {
          if (body.object !== "list" || !Array.isArray(body.data)) throw new Error("not {object: list, data}");
          const slugs = body.data.map((m: { slug?: string; id?: string }) => m.slug ?? m.id);
          const want = [
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
          ];
          const missing = want.filter((slug) => !slugs.includes(slug));
          if (missing.length) throw new Error(`catalog misses ${missing}`);
          if ("has_more" in body || "next_cursor" in body) throw new Error("the catalog is paginated");
        },
      }),
      get("/v1/models/seedance-2-fast-i2v", "a.live", {
        status: 200,
        body: {
          slug: "seedance-2-fast-i2v",
          type: "video",
          capabilities: (c: unknown) => Array.isArray(c) && c.includes("image-to-video"),
          input_schema: { prompt: { type: "string" }, image_url: { type: "string", required: true } },
        },
      }),
    ],
  },
  {
    name: "the account: balance, and usage_30d of the calling key",
    covers: ["GET /v1/account", "usage_30d window"],
    steps: [
      get("/v1/account", "a.live", {
        status: 200,
        body: {
          account_id: "{{a.id}}",
          balance: { credits: 1000 },
          usage_30d: { requests: isCount, credits_spent: 0 },
        },
      }),
      submit("a.live", "flux-2-pro", prompt, { status: 200 }, { save: "r" }),
      get("/v1/account", "a.live", {
        status: 200,
        check: (body, v) => {
          if (body.usage_30d.credits_spent !== v.r.cost)
            throw new Error(`credits_spent ${body.usage_30d.credits_spent}, expected ${v.r.cost}`);
          if (body.usage_30d.requests < 1) throw new Error("usage_30d.requests did not count the submit");
        },
      }),
      balanceIs("a.test", (v) => 1000 - v.r.cost),
      // Thirty days later (of the account's clock), that spending has left the window.
      advance("a", 31 * 86_400_000),
      get("/v1/account", "a.live", {
        status: 200,
        body: { balance: { credits: (n: number) => n < 1000 }, usage_30d: { credits_spent: 0 } },
      }),
    ],
  },
  {
    name: "404 not_found: unknown model, unknown request, other environment, other account",
    covers: [
      "404 unknown model",
      "404 unknown request",
      "404 cross-environment",
      "404 cross-account",
      "404 unknown path",
    ],
    accounts: { a: {}, b: {} },
    steps: [
      get("/v1/models/no-such-model", "a.live", { status: 404, code: "not_found" }),
      submit("a.live", "no-such-model", prompt, { status: 404, code: "not_found" }),
      estimate("a.live", "no-such-model", prompt, { status: 404, code: "not_found" }),
      get("/v1/requests/00000000-0000-4000-8000-000000000000", "a.live", { status: 404, code: "not_found" }),
      get("/v1/requests/not-a-uuid/status", "a.live", { status: 404, code: "not_found" }),
      submit("a.live", "nano-banana-2", prompt, { status: 200 }, { save: "live" }),
      submit("a.test", "nano-banana-2", prompt, { status: 200 }, { save: "test" }),
      status("a.test", "live", { status: 404, code: "not_found" }),
      result("a.test", "live", { status: 404, code: "not_found" }),
      status("a.live", "test", { status: 404, code: "not_found" }),
      status("b.live", "live", { status: 404, code: "not_found" }),
      result("b.test", "test", { status: 404, code: "not_found" }),
      get("/v1/nothing-here", "a.live", { status: 404, code: "not_found" }),
      get("/v2/models", "a.live", { status: 404, code: "not_found" }),
    ],
  },
  {
    name: "no cancel endpoint, no list of generations, no key management on the public API: 404",
    covers: ["404 unknown path", "no cancel / list / key API"],
    steps: [
      submit("a.live", "nano-banana-2", prompt, { status: 200 }, { save: "r" }),
      {
        method: "POST",
        path: "/v1/requests/{{r.request_id}}/cancel",
        auth: "a.live",
        body: {},
        expect: { status: 404, code: "not_found" },
      },
      get("/v1/generations", "a.live", { status: 404, code: "not_found" }),
      get("/v1/keys", "a.live", { status: 404, code: "not_found" }),
      {
        method: "POST",
        path: "/v1/keys",
        auth: "a.live",
        body: { name: "x" },
        expect: { status: 404, code: "not_found" },
      },
      // Nothing was canceled.
      status("a.live", "r", { status: 200, body: { status: /^IN_(QUEUE|PROGRESS)$/ } }),
    ],
  },
];
