import { priceOf, UUID_V4, RFC3339_UTC } from "../../support/wire.js";
import {
  advance,
  balanceIs,
  createKey,
  get,
  isCount,
  isNull,
  isString,
  outcome,
  post,
  result,
  status,
  submit,
} from "../helpers.js";
import type { CaseContext, CodeStep, ConformanceCase, Vars } from "../types.js";
import { runLifecycle } from "./lifecycle.js";

const prompt = { prompt: "a paper boat on a river" };

/** The submit envelope, its URLs on the base the request came to, and the cost the model's pricing gives. */
const submitted = (status: "IN_QUEUE" | "COMPLETED", cost: (v: Vars) => number) => ({
  status: 200,
  check: (body: any, v: Vars) => {
    const keys = Object.keys(body).sort().join(",");
    if (keys !== "cost,queue_position,request_id,response_url,status,status_url")
      throw new Error(`submit fields ${keys}`);
    if (!UUID_V4.test(body.request_id)) throw new Error(`request_id ${body.request_id} is not a UUID v4`);
    if (body.status !== status) throw new Error(`status ${body.status}, expected ${status}`);
    if (
      !Number.isInteger(body.queue_position) ||
      body.queue_position < 0 ||
      (status === "COMPLETED" && body.queue_position !== 0)
    )
      throw new Error(`queue_position ${body.queue_position}`);
    if (body.status_url !== `${v.base}/v1/requests/${body.request_id}/status`)
      throw new Error(`status_url ${body.status_url} (base ${v.base})`);
    if (body.response_url !== `${v.base}/v1/requests/${body.request_id}`)
      throw new Error(`response_url ${body.response_url}`);
    if (body.cost !== cost(v)) throw new Error(`cost ${body.cost}, expected ${cost(v)}`);
  },
});

/** Downloads every media URL of a saved result on this transport: 200, the right content type, bytes. */
const downloads = (saved: string, kind: "image" | "video"): CodeStep => ({
  label: `download the ${kind} of ${saved}`,
  run: async (ctx: CaseContext) => {
    const output = ctx.vars[saved].output;
    const media = kind === "image" ? output.images : [output.video];
    if (!Array.isArray(media) || media.length === 0) throw new Error(`no ${kind} in ${JSON.stringify(output)}`);
    for (const item of media) {
      for (const field of ["width", "height", ...(kind === "video" ? ["duration"] : [])]) {
        if (!(typeof item[field] === "number" && item[field] > 0)) throw new Error(`${kind}.${field} = ${item[field]}`);
      }
      for (const url of [item.url, item.original_url]) {
        if (!String(url).startsWith(`${ctx.vars.base}/media/`))
          throw new Error(`media URL ${url} is not under ${ctx.vars.base}/media/`);
        const response = await ctx.fetch(url);
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
        if (!response.headers.get("content-type")?.startsWith(`${kind}/`))
          throw new Error(`GET ${url}: content-type ${response.headers.get("content-type")}`);
        if (bytes.length < 16) throw new Error(`GET ${url}: ${bytes.length} bytes`);
      }
    }
  },
});

/** A live key the lifecycle polls can use without meeting the rate limit (saved as `fast`). */
const fastKey = createKey(
  "a",
  { name: "poller", rate_limit: { requests: 100_000, interval: "1m" }, concurrency: 100 },
  "fast",
);

const model = (slug: string, save: string) =>
  get(`/v1/models/${slug}`, "a.test", { status: 200, body: { slug } }, { save });

/** SPEC §2: submit, status, result, the lifecycle, outcomes, console cancel, media. */
export const requestCases: ConformanceCase[] = [
  {
    name: "test key: COMPLETED at once, cost shown not charged, status and result COMPLETED, image downloadable",
    covers: ["submit test", "status always 200", "result 200 terminal", "media downloadable", "pricing formula"],
    steps: [
      model("nano-banana-2", "m"),
      submit(
        "a.test",
        "nano-banana-2",
        prompt,
        submitted("COMPLETED", (v) => priceOf(v.m, prompt)),
        { save: "r" },
      ),
      balanceIs("a.test", 1000),
      status("a.test", "r", {
        status: 200,
        body: {
          request_id: "{{r.request_id}}",
          status: "COMPLETED",
          queue_position: isNull,
          progress: 100,
          logs: Array.isArray,
        },
      }),
      result(
        "a.test",
        "r",
        {
          status: 200,
          body: {
            request_id: "{{r.request_id}}",
            status: "COMPLETED",
            model: "nano-banana-2",
            error: isNull,
            cost: "{{r.cost}}",
            created_at: RFC3339_UTC,
            completed_at: RFC3339_UTC,
          },
        },
        { save: "done" },
      ),
      downloads("done", "image"),
    ],
  },
  {
    name: "test key: the output is one fixed sample per model type, whatever the input",
    covers: ["test output fixed"],
    steps: [
      submit("a.test", "flux-2-pro", { prompt: "one" }, { status: 200 }, { save: "r1" }),
      submit("a.test", "gpt-image-2", { prompt: "two", aspect_ratio: "1:1" }, { status: 200 }, { save: "r2" }),
      result("a.test", "r1", { status: 200 }, { save: "o1" }),
      result("a.test", "r2", {
        status: 200,
        check: (body, v) => {
          if (body.output.images[0].url !== v.o1.output.images[0].url)
            throw new Error("two image models gave two different samples");
        },
      }),
    ],
  },
  {
    name: "live key: IN_QUEUE, cost reserved, result 202 while pending, then COMPLETED on the clock within 30 s",
    covers: [
      "submit live",
      "result 202 pending",
      "status always 200",
      "lifecycle image 30 s",
      "queue position down",
      "progress up",
    ],
    steps: [
      model("nano-banana-pro", "m"),
      submit(
        "a.live",
        "nano-banana-pro",
        prompt,
        submitted("IN_QUEUE", (v) => priceOf(v.m, prompt)),
        { save: "r1" },
      ),
      fastKey,
      submit("fast.secret", "nano-banana-pro", prompt, { status: 200 }, { save: "r2" }),
      submit("fast.secret", "nano-banana-pro", prompt, { status: 200 }, { save: "r3" }),
      balanceIs("a.live", (v) => 1000 - 3 * v.r1.cost),
      result("a.live", "r3", {
        status: 202,
        body: { request_id: "{{r3.request_id}}", status: /^IN_(QUEUE|PROGRESS)$/ },
      }),
      runLifecycle({ account: "a", key: "fast.secret", saved: ["r1", "r2", "r3"], stepMs: 500, limitMs: 30_000 }),
      result(
        "a.live",
        "r3",
        { status: 200, body: { status: "COMPLETED", model: "nano-banana-pro", error: isNull, cost: "{{r1.cost}}" } },
        { save: "done" },
      ),
      balanceIs("a.live", (v) => 1000 - 3 * v.r1.cost),
      downloads("done", "image"),
    ],
  },
  {
    name: "live key: a video completes within 120 s of clock time with a downloadable video",
    covers: ["lifecycle video 120 s", "media downloadable"],
    steps: [
      fastKey,
      submit("fast.secret", "seedance-2-fast-t2v", { ...prompt, duration: 10 }, { status: 200 }, { save: "r" }),
      runLifecycle({ account: "a", key: "fast.secret", saved: ["r"], stepMs: 2_000, limitMs: 120_000 }),
      result(
        "fast.secret",
        "r",
        {
          status: 200,
          body: { status: "COMPLETED", model: "seedance-2-fast-t2v", output: { video: { url: isString } } },
        },
        { save: "done" },
      ),
      downloads("done", "video"),
    ],
  },
  {
    name: "FAILED outcome: error GENERATION_FAILED, no output, credits refunded in full",
    covers: ["outcome FAILED refund", "POST /_sandbox/outcomes"],
    steps: [
      outcome("a", { outcome: "FAILED", model: "kling-3" }),
      fastKey,
      submit("fast.secret", "kling-3", prompt, { status: 200, body: { status: "IN_QUEUE" } }, { save: "r" }),
      balanceIs("a.live", (v) => 1000 - v.r.cost),
      runLifecycle({
        account: "a",
        key: "fast.secret",
        saved: ["r"],
        stepMs: 5_000,
        limitMs: 120_000,
        final: "FAILED",
      }),
      result("a.live", "r", {
        status: 200,
        body: { status: "FAILED", output: isNull, error: { code: "GENERATION_FAILED", message: isString } },
      }),
      balanceIs("a.live", 1000),
    ],
  },
  {
    name: "CANCELED outcome: error GENERATION_CANCELED, refunded",
    covers: ["outcome CANCELED refund"],
    steps: [
      outcome("a", { outcome: "CANCELED" }),
      fastKey,
      submit("fast.secret", "wan-2-7", prompt, { status: 200 }, { save: "r" }),
      runLifecycle({
        account: "a",
        key: "fast.secret",
        saved: ["r"],
        stepMs: 5_000,
        limitMs: 120_000,
        final: "CANCELED",
      }),
      result("a.live", "r", {
        status: 200,
        body: { status: "CANCELED", output: isNull, error: { code: "GENERATION_CANCELED" } },
      }),
      balanceIs("a.live", 1000),
    ],
  },
  {
    name: "SLOW outcome: IN_PROGRESS past 120 s, COMPLETED once the clock passes 10 minutes",
    covers: ["outcome SLOW"],
    steps: [
      outcome("a", { outcome: "SLOW", model: "sora-2" }),
      submit("a.live", "sora-2", prompt, { status: 200 }, { save: "r" }),
      advance("a", 180_000),
      status("a.live", "r", { status: 200, body: { status: "IN_PROGRESS", progress: isCount } }),
      result("a.live", "r", { status: 202 }),
      advance("a", 421_000),
      status("a.live", "r", { status: 200, body: { status: "COMPLETED", progress: 100 } }),
    ],
  },
  {
    name: "outcomes with a test key: the submit answers FAILED / CANCELED at once, nothing charged",
    covers: ["outcome test key"],
    steps: [
      outcome("a", { outcome: "FAILED", count: 1 }),
      submit("a.test", "nano-banana-2", prompt, { status: 200, body: { status: "FAILED" } }, { save: "f" }),
      result("a.test", "f", {
        status: 200,
        body: { status: "FAILED", error: { code: "GENERATION_FAILED" }, output: isNull },
      }),
      outcome("a", { outcome: "CANCELED" }),
      submit("a.test", "nano-banana-2", prompt, { status: 200, body: { status: "CANCELED" } }),
      submit("a.test", "nano-banana-2", prompt, { status: 200, body: { status: "COMPLETED" } }),
      balanceIs("a.test", 1000),
    ],
  },
  {
    name: "console cancel: CANCELED, refunded, the result carries GENERATION_CANCELED",
    covers: ["console cancel", "POST /_sandbox/requests/{request_id}/cancel"],
    steps: [
      submit("a.live", "kling-3", prompt, { status: 200 }, { save: "r" }),
      balanceIs("a.live", (v) => 1000 - v.r.cost),
      post("/_sandbox/requests/{{r.request_id}}/cancel", undefined, undefined, {
        status: 200,
        body: { request_id: "{{r.request_id}}", status: "CANCELED", error: { code: "GENERATION_CANCELED" } },
      }),
      status("a.live", "r", { status: 200, body: { status: "CANCELED", queue_position: isNull } }),
      result("a.live", "r", { status: 200, body: { status: "CANCELED", output: isNull } }),
      balanceIs("a.live", 1000),
      post("/_sandbox/requests/00000000-0000-4000-8000-000000000000/cancel", undefined, undefined, { status: 404 }),
    ],
  },
];
