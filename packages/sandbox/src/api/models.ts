import { CATALOG, findModel, isGenerationModel } from "../catalog/models.js";
import type { CatalogEntry } from "../catalog/types.js";
import { echo, notFound } from "../http/errors.js";
import { callerOf, type RouteContext, type RouteResult } from "../engine/route-context.js";
import { validateInput } from "../engine/input.js";
import { priceOf } from "../engine/pricing.js";
import { generationModelOf, inputOf } from "./requests.js";

/** The list entry of a model: a generation model without its `input_schema`; a text model whole. */
function summaryOf(entry: CatalogEntry): Record<string, unknown> {
  if (!isGenerationModel(entry)) return { ...entry };
  const { input_schema: _schema, ...summary } = entry;
  return summary;
}

/** `GET /v1/models`: the whole catalog, no pagination. */
export function listModels(): RouteResult {
  return { status: 200, body: { object: "list", data: CATALOG.map(summaryOf) } };
}

/** `GET /v1/models/{model}`: ModelDetail (a text model in its OpenRouter shape). */
export function getModel(context: RouteContext): RouteResult {
  const slug = context.params.model ?? "";
  const model = findModel(slug);
  if (!model) throw notFound(`No model named ${JSON.stringify(echo(slug))}.`);
  return { status: 200, body: model };
}

/** `POST /v1/models/{model}/estimate`: `{credits}`, the exact cost of that input; nothing queued or charged. */
export function estimate(context: RouteContext): RouteResult {
  const rawInput = inputOf(context.body, ["input"]);
  const model = generationModelOf(context);
  const { input } = validateInput(model, rawInput, { strict: callerOf(context).account.strict_inputs });
  return { status: 200, body: { credits: priceOf(model, input) } };
}
