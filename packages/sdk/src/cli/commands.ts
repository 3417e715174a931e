import { isGenerationModel, type StatusResponse } from "../index.js";
import type { Context } from "./context.js";
import { EXIT, usage } from "./exit-codes.js";
import {
  renderAccount,
  renderEstimate,
  renderKey,
  renderModel,
  renderModels,
  renderResult,
  renderStatus,
  renderSubmit,
} from "./format.js";
import { applySets, readInput } from "./input.js";
import { showFinal, waitAndShow, waitTimes } from "./wait.js";

/** The input of `generate` / `estimate`: `--input`, then each `--set` typed from the model's `input_schema`. */
async function inputOf(ctx: Context, model: string): Promise<Record<string, unknown>> {
  const { values, io, command } = ctx;
  const input = await readInput(values.input, io, command.name);
  const sets = values.set ?? [];
  if (sets.length === 0) return input;
  const detail = await ctx.client().models.retrieve(model, { signal: io.signal });
  return applySets(input, sets, isGenerationModel(detail) ? detail.input_schema : undefined, command.name);
}

async function generate(ctx: Context): Promise<number> {
  const { values, io, out } = ctx;
  const model = ctx.args[0]!;
  const times = waitTimes(ctx);
  const wait = values.wait === true || values.download !== undefined;
  if (!wait && (values.timeout !== undefined || values["poll-interval"] !== undefined)) {
    throw usage("--timeout and --poll-interval need --wait", "generate");
  }
  const input = await inputOf(ctx, model);
  const body = { input, ...(values.webhook === undefined ? {} : { webhook_url: values.webhook }) };
  const submit = await ctx
    .client()
    .queue.submit(model, body, { signal: io.signal, idempotencyKey: values["idempotency-key"] });
  if (!wait) {
    out.document(submit, () => renderSubmit(submit));
    if (!out.json) {
      const next =
        submit.status === "IN_QUEUE" || submit.status === "IN_PROGRESS"
          ? "Wait for it: clipia wait"
          : "Its result: clipia result";
      out.note(`${next} ${submit.request_id}`);
    }
    return EXIT.ok;
  }
  if (io.stderr.isTTY !== true) out.note(`clipia: submitted request ${submit.request_id}`);
  const first: StatusResponse = {
    request_id: submit.request_id,
    status: submit.status,
    queue_position: submit.status === "IN_QUEUE" ? submit.queue_position : null,
    progress: submit.status === "COMPLETED" ? 100 : null,
    logs: [],
  };
  return waitAndShow(ctx, submit.request_id, times, first);
}

async function wait(ctx: Context): Promise<number> {
  return waitAndShow(ctx, ctx.args[0]!, waitTimes(ctx));
}

async function status(ctx: Context): Promise<number> {
  const result = await ctx.client().queue.status(ctx.args[0]!, { signal: ctx.io.signal });
  ctx.out.document(result, () => renderStatus(result));
  return EXIT.ok;
}

async function result(ctx: Context): Promise<number> {
  const { out, io, values } = ctx;
  const answer = await ctx.client().queue.result(ctx.args[0]!, { signal: io.signal });
  if (!answer.pending) return showFinal(ctx, answer);
  out.document(answer, () => renderResult(answer));
  if (values.download !== undefined)
    out.note(`clipia: request ${answer.request_id} is ${answer.status}: nothing downloaded yet`);
  return EXIT.ok;
}

async function estimate(ctx: Context): Promise<number> {
  const model = ctx.args[0]!;
  const input = await inputOf(ctx, model);
  const answer = await ctx.client().models.estimate(model, { input }, { signal: ctx.io.signal });
  ctx.out.document(answer, () => renderEstimate(model, answer));
  return EXIT.ok;
}

async function models(ctx: Context): Promise<number> {
  const { out, io } = ctx;
  const slug = ctx.args[0];
  if (slug === undefined) {
    const list = await ctx.client().models.list({ signal: io.signal });
    out.document(list, () => renderModels(list));
  } else {
    const model = await ctx.client().models.retrieve(slug, { signal: io.signal });
    out.document(model, () => renderModel(model));
  }
  return EXIT.ok;
}

async function account(ctx: Context): Promise<number> {
  const answer = await ctx.client().account.retrieve({ signal: ctx.io.signal });
  ctx.out.document(answer, () => renderAccount(answer));
  return EXIT.ok;
}

async function key(ctx: Context): Promise<number> {
  const answer = await ctx.client().key.retrieve({ signal: ctx.io.signal });
  ctx.out.document(answer, () => renderKey(answer));
  return EXIT.ok;
}

/** Each command's implementation, by its name in `COMMANDS`. */
export const HANDLERS: Record<string, (ctx: Context) => Promise<number>> = {
  generate,
  status,
  result,
  wait,
  estimate,
  models,
  account,
  key,
};
