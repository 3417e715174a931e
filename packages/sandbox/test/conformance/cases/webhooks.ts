import { randomUUID } from "node:crypto";
import { signatureValid, parseSignature, UUID_V4 } from "../../support/wire.js";
import type { Delivery } from "../../support/receiver.js";
import { advance, outcome, post } from "../helpers.js";
import type { CaseContext, CodeStep, ConformanceCase, Vars } from "../types.js";

const prompt = { prompt: "a hot-air balloon" };

/** Picks a fresh receiver path for this case: `vars.hook` (URL) and `vars.hookPath`. */
const newHook: CodeStep = {
  label: "a receiver path",
  run: async (ctx) => {
    ctx.vars.hookPath = `/hooks/${randomUUID()}`;
    ctx.vars.hook = `${ctx.receiver.url}${ctx.vars.hookPath}`;
  },
};

const submitWithHook = (auth: string, model: string, save: string, url = "{{hook}}") =>
  post(`/v1/models/${model}`, auth, { input: prompt, webhook_url: url }, { status: 200 }, { save });

/** Checks one delivery as SPEC §2 describes it, under `secret`. */
function checkDelivery(d: Delivery, secret: string): any {
  const id = d.headers["x-clipia-webhook-id"];
  const timestamp = Number(d.headers["x-clipia-timestamp"]);
  const signature = d.headers["x-clipia-signature"] as string | undefined;
  if (!UUID_V4.test(String(id))) throw new Error(`X-Clipia-Webhook-Id ${id}`);
  if (!/^application\/json/.test(String(d.headers["content-type"])))
    throw new Error(`content-type ${d.headers["content-type"]}`);
  const parsed = parseSignature(signature);
  if (!parsed) throw new Error(`X-Clipia-Signature ${signature}`);
  if (parsed.t !== timestamp) throw new Error(`t=${parsed.t} differs from X-Clipia-Timestamp ${timestamp}`);
  // Signed with the real time, whatever the sandbox clock says.
  if (Math.abs(parsed.t - Date.now() / 1000) > 300) throw new Error(`timestamp ${parsed.t} is not the real time`);
  if (!signatureValid(secret, signature, d.body))
    throw new Error("the signature does not verify under the webhook secret");
  return JSON.parse(d.body);
}

const expectDeliveries = (
  count: number,
  check: (deliveries: Delivery[], vars: Vars, ctx: CaseContext) => void | Promise<void>,
  advanceAccount?: string,
): CodeStep => ({
  label: `${count} deliveries`,
  run: async (ctx) => {
    if (advanceAccount) {
      // Delivery happens when the clock passes the end; poke it until the receiver has them.
      const deadline = Date.now() + 8_000;
      while (ctx.receiver.received(ctx.vars.hookPath).length < count && Date.now() < deadline) {
        await ctx.call({
          path: "/_sandbox/clock/advance",
          body: { ms: 30_000, account_id: ctx.vars[advanceAccount].id },
        });
        await new Promise((done) => setTimeout(done, 50));
      }
    }
    const deliveries = await ctx.receiver.waitFor(ctx.vars.hookPath, count, 8_000);
    await check(deliveries, ctx.vars, ctx);
  },
});

const webhookLog = async (ctx: CaseContext, account = "a"): Promise<any[]> => {
  const reply = await ctx.call({ path: `/_sandbox/webhooks?account_id=${ctx.vars[account].id}` });
  if (reply.status !== 200) throw new Error(`GET /_sandbox/webhooks: ${reply.status}`);
  return Array.isArray(reply.body) ? reply.body : reply.body.data;
};

/** SPEC §2 webhooks and §5.1/§5.4 delivery rules. */
export const webhookCases: ConformanceCase[] = [
  {
    name: "a test key's submit fires a signed OK webhook at once",
    covers: ["webhook headers", "webhook signature", "webhook OK payload"],
    steps: [
      newHook,
      submitWithHook("a.test", "nano-banana-2", "r"),
      expectDeliveries(1, ([d], v) => {
        const event = checkDelivery(d!, v.a.webhook_secret);
        if (event.request_id !== v.r.request_id || event.status !== "OK") throw new Error(`event ${d!.body}`);
        if (
          event.payload.model !== "nano-banana-2" ||
          event.payload.cost !== v.r.cost ||
          !event.payload.output?.images?.[0]?.url
        )
          throw new Error(`payload ${d!.body}`);
        if ("error" in event && event.error !== null) throw new Error("an OK event carries an error");
      }),
    ],
  },
  {
    name: "a live FAILED generation fires an ERROR webhook when it ends on the clock",
    covers: ["webhook ERROR payload"],
    steps: [
      newHook,
      outcome("a", { outcome: "FAILED" }),
      submitWithHook("a.live", "flux-2-pro", "r"),
      expectDeliveries(
        1,
        ([d], v) => {
          const event = checkDelivery(d!, v.a.webhook_secret);
          if (
            event.request_id !== v.r.request_id ||
            event.status !== "ERROR" ||
            event.error?.code !== "GENERATION_FAILED" ||
            typeof event.error.message !== "string"
          ) {
            throw new Error(`event ${d!.body}`);
          }
        },
        "a",
      ),
    ],
  },
  {
    name: "a test key's forced FAILED submit fires its ERROR webhook at once",
    covers: ["webhook ERROR payload", "outcome test key"],
    steps: [
      newHook,
      outcome("a", { outcome: "FAILED" }),
      submitWithHook("a.test", "kling-3", "r"),
      expectDeliveries(1, ([d], v) => {
        const event = checkDelivery(d!, v.a.webhook_secret);
        if (
          event.request_id !== v.r.request_id ||
          event.status !== "ERROR" ||
          event.error?.code !== "GENERATION_FAILED"
        )
          throw new Error(`event ${d!.body}`);
      }),
    ],
  },
  {
    name: "a console cancel fires an ERROR webhook with GENERATION_CANCELED",
    covers: ["console cancel", "webhook ERROR payload"],
    steps: [
      newHook,
      submitWithHook("a.live", "kling-3", "r"),
      post("/_sandbox/requests/{{r.request_id}}/cancel", undefined, undefined, { status: 200 }),
      expectDeliveries(1, ([d], v) => {
        const event = checkDelivery(d!, v.a.webhook_secret);
        if (event.status !== "ERROR" || event.error?.code !== "GENERATION_CANCELED")
          throw new Error(`event ${d!.body}`);
      }),
    ],
  },
  {
    name: "a receiver that fails is retried with backoff, the same webhook id on every attempt, 6 retries at most",
    covers: ["webhook retries backoff 6", "GET /_sandbox/webhooks"],
    steps: [
      newHook,
      {
        label: "the receiver always answers 500",
        run: async (ctx) => ctx.receiver.answer(ctx.vars.hookPath, () => 500),
      },
      submitWithHook("a.test", "nano-banana-2", "r"),
      {
        label: "retries until 1 + 6 attempts",
        run: async (ctx) => {
          const path = ctx.vars.hookPath;
          await ctx.receiver.waitFor(path, 1);
          const deadline = Date.now() + 15_000;
          let step = 1_000;
          while (ctx.receiver.received(path).length < 7 && Date.now() < deadline) {
            await ctx.call({ path: "/_sandbox/clock/advance", body: { ms: step, account_id: ctx.vars.a.id } });
            step = Math.min(step * 2, 3_600_000);
            await new Promise((done) => setTimeout(done, 40));
          }
          for (let i = 0; i < 5; i++) {
            await ctx.call({ path: "/_sandbox/clock/advance", body: { ms: 86_400_000, account_id: ctx.vars.a.id } });
            await new Promise((done) => setTimeout(done, 40));
          }
          const got = ctx.receiver.received(path);
          if (got.length !== 7) throw new Error(`${got.length} attempts, expected 7 (1 + 6 retries)`);
          const ids = new Set(got.map((d) => d.headers["x-clipia-webhook-id"]));
          if (ids.size !== 1) throw new Error(`${ids.size} webhook ids over the attempts of one delivery`);
          for (const d of got) checkDelivery(d, ctx.vars.a.webhook_secret);
          const entry = (await webhookLog(ctx)).find((e) => e.request_id === ctx.vars.r.request_id);
          if (entry?.attempts !== 7) throw new Error(`log entry ${JSON.stringify(entry)}`);
          ctx.vars.delivery = entry;
        },
      },
    ],
  },
  {
    name: "redeliver sends a logged delivery again; rotating the secret signs later deliveries with the new one",
    covers: [
      "redeliver",
      "rotate secret",
      "POST /_sandbox/webhooks/{delivery_id}/redeliver",
      "POST /_sandbox/accounts/{account_id}/webhook-secret/rotate",
    ],
    steps: [
      newHook,
      submitWithHook("a.test", "nano-banana-2", "r"),
      expectDeliveries(1, () => undefined),
      {
        label: "redeliver",
        run: async (ctx) => {
          // Once the first attempt is recorded (the receiver may have it before the log does).
          let entry: any;
          for (let i = 0; i < 100 && entry?.status !== "delivered"; i++) {
            entry = (await webhookLog(ctx)).find((e) => e.request_id === ctx.vars.r.request_id);
            await new Promise((done) => setTimeout(done, 10));
          }
          if (entry?.status !== "delivered") throw new Error(`log entry ${JSON.stringify(entry)}`);
          const reply = await ctx.call({ method: "POST", path: `/_sandbox/webhooks/${entry.id}/redeliver` });
          if (reply.status >= 300) throw new Error(`redeliver: ${reply.status}`);
          const [, again] = await ctx.receiver.waitFor(ctx.vars.hookPath, 2);
          checkDelivery(again!, ctx.vars.a.webhook_secret);
          const missing = await ctx.call({ method: "POST", path: "/_sandbox/webhooks/whd_nope/redeliver" });
          if (missing.status !== 404) throw new Error(`redeliver of an unknown delivery: ${missing.status}`);
        },
      },
      post(
        "/_sandbox/accounts/{{a.id}}/webhook-secret/rotate",
        undefined,
        undefined,
        { status: 200, body: { webhook_secret: /^whsec_/ } },
        { save: "rotated" },
      ),
      submitWithHook("a.test", "nano-banana-2", "r2"),
      expectDeliveries(3, (deliveries, v) => {
        const last = deliveries[2]!;
        if (v.rotated.webhook_secret === v.a.webhook_secret) throw new Error("the rotated secret is the old one");
        checkDelivery(last, v.rotated.webhook_secret);
        if (signatureValid(v.a.webhook_secret, last.headers["x-clipia-signature"] as string, last.body))
          throw new Error("still signed with the old secret");
      }),
    ],
  },
  {
    name: "a non-loopback webhook_url is accepted, and its delivery logged as not sent",
    covers: ["webhook non-loopback not sent"],
    steps: [
      submitWithHook("a.test", "nano-banana-2", "r", "https://hooks.example.com/clipia"),
      {
        label: "the log says not sent",
        run: async (ctx) => {
          const entry = (await webhookLog(ctx)).find((e) => e.request_id === ctx.vars.r.request_id);
          if (!entry) throw new Error("no log entry for a non-loopback URL");
          if (entry.url !== "https://hooks.example.com/clipia") throw new Error(`logged url ${entry.url}`);
          if (!/not[_ ]sent|skipped/i.test(JSON.stringify(entry)))
            throw new Error(`the entry does not say it was not sent: ${JSON.stringify(entry)}`);
        },
      },
    ],
  },
  {
    name: "a live success fires an OK webhook when the clock passes its end",
    covers: ["webhook OK payload"],
    steps: [
      newHook,
      submitWithHook("a.live", "nano-banana-2", "r"),
      {
        label: "nothing before the end",
        run: async (ctx) => {
          await new Promise((done) => setTimeout(done, 100));
          if (ctx.receiver.received(ctx.vars.hookPath).length !== 0)
            throw new Error("delivered before the generation ended");
        },
      },
      advance("a", 30_000),
      expectDeliveries(
        1,
        ([d], v) => {
          const event = checkDelivery(d!, v.a.webhook_secret);
          if (event.status !== "OK" || event.payload.cost !== v.r.cost) throw new Error(`event ${d!.body}`);
        },
        "a",
      ),
      // One delivery per request, however often the clock moves and the status is read afterwards.
      advance("a", 3_600_000),
      {
        method: "GET",
        path: "/v1/requests/{{r.request_id}}/status",
        auth: "a.live",
        expect: { status: 200, body: { status: "COMPLETED" } },
      },
      {
        label: "still one delivery",
        run: async (ctx) => {
          await new Promise((done) => setTimeout(done, 100));
          const got = ctx.receiver.received(ctx.vars.hookPath).length;
          if (got !== 1) throw new Error(`${got} deliveries for one request`);
        },
      },
    ],
  },
];
