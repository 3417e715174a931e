import { type CatalogModel, DEFAULT_CATALOG, findModel } from "./catalog.js";
import { ApiError, echo } from "./errors.js";
import { paginate, parseListQuery } from "./pagination.js";
import { callerOf, type RouteContext, type RouteResult } from "./route.js";
import type { KeyRecord } from "./store.js";

/** Whether a key may generate with a model: never for admin keys, else per `model_access`. */
export function isModelAllowed(key: KeyRecord, modelId: string): boolean {
  if (key.kind === "admin") return false;
  const access = key.model_access;
  if (access.mode === "all") return true;
  return access.mode === "include" ? access.models.includes(modelId) : !access.models.includes(modelId);
}

function serializeModel(model: CatalogModel, key: KeyRecord): Record<string, unknown> {
  return {
    id: model.id,
    object: "model",
    name: model.name,
    description: model.description,
    type: model.type,
    pricing: model.pricing,
    input_schema: model.input_schema,
    allowed: isModelAllowed(key, model.id),
  };
}

/** `GET /v1/models`: the catalog in a fixed order, cursor-paginated. */
export function listModels(context: RouteContext): RouteResult {
  const { key } = callerOf(context);
  const { limit, after } = parseListQuery(context.query);
  const page = paginate(DEFAULT_CATALOG, {
    limit,
    after,
    positionOf: (model) => DEFAULT_CATALOG.indexOf(model) + 1,
    isAfter: (position, cursor) => position > cursor,
    serialize: (model) => serializeModel(model, key),
  });
  return { status: 200, body: page };
}

/** `GET /v1/models/{model}`. */
export function getModel(context: RouteContext): RouteResult {
  const model = findModel(context.params.model ?? "");
  if (!model) throw new ApiError(404, "model_not_found", `No model named ${JSON.stringify(echo(context.params.model ?? ""))}.`);
  return { status: 200, body: serializeModel(model, callerOf(context).key) };
}
