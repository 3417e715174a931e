// The human renderings: plain aligned text, no colour, so they read the same in any terminal.
import type {
  Account,
  EstimateResponse,
  InputField,
  KeyInfo,
  ModelDetail,
  ModelList,
  QueueResult,
  ResultResponse,
  StatusResponse,
  SubmitResponse,
  TextModel,
} from "../index.js";
import { isGenerationModel } from "../index.js";
import { outputAssets } from "./assets.js";

const NONE = "-";
const show = (value: unknown): string => (value === null || value === undefined || value === "" ? NONE : String(value));

/** Rows padded into columns; `header` first when given. */
function table(rows: readonly (readonly string[])[], header?: readonly string[]): string {
  const all = header ? [header, ...rows] : rows;
  const widths = all.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return all
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** `label  value` lines. */
function fields(pairs: ReadonlyArray<readonly [string, unknown]>): string {
  return table(pairs.map(([label, value]) => [label, show(value)]));
}

export function renderSubmit(submit: SubmitResponse): string {
  return fields([
    ["request_id", submit.request_id],
    ["status", submit.status],
    ["queue_position", submit.queue_position],
    ["cost", `${submit.cost} credits`],
  ]);
}

export function renderStatus(status: StatusResponse): string {
  return fields([
    ["request_id", status.request_id],
    ["status", status.status],
    ["queue_position", status.queue_position],
    ["progress", status.progress === null ? null : `${status.progress}%`],
  ]);
}

function assetLines(result: ResultResponse): Array<[string, string]> {
  return outputAssets(result).map((asset) => {
    const size =
      asset.width && asset.height
        ? ` (${asset.width}x${asset.height}${asset.duration ? `, ${asset.duration} s` : ""})`
        : "";
    return ["output", `${asset.original_url ?? asset.url}${size}`];
  });
}

export function renderResult(result: QueueResult, files?: readonly string[]): string {
  if (result.pending) {
    return `${renderStatus({ ...result, logs: [] })}\n\nNot final yet: 'clipia wait ${result.request_id}' waits for it.`;
  }
  return fields([
    ["request_id", result.request_id],
    ["status", result.status],
    ["model", result.model],
    ["cost", `${result.cost} credits${result.status === "COMPLETED" ? "" : " (refunded)"}`],
    ["created_at", result.created_at],
    ["completed_at", result.completed_at],
    ...(result.error ? ([["error", `${result.error.code}: ${result.error.message}`]] as const) : []),
    ...assetLines(result),
    ...(files ?? []).map((file) => ["saved", file] as const),
  ]);
}

export function renderModels(list: ModelList): string {
  const rows = list.data.map((model) =>
    isGenerationModel(model)
      ? [model.slug, model.type, String(model.pricing.credits), model.capabilities.join(","), model.name]
      : [model.id, "text", NONE, NONE, model.name],
  );
  return table(rows, ["SLUG", "TYPE", "CREDITS", "CAPABILITIES", "NAME"]);
}

function allowed(field: InputField): string {
  if (field.enum) return field.enum.join("|");
  if (field.minimum !== undefined || field.maximum !== undefined)
    return `${field.minimum ?? ""}..${field.maximum ?? ""}`;
  return NONE;
}

export function renderModel(model: ModelDetail | TextModel): string {
  if (!isGenerationModel(model)) {
    return fields([
      ["id", model.id],
      ["name", model.name],
      ["type", "text"],
      ["context_length", model.context_length],
      ["pricing", `prompt ${model.pricing.prompt}, completion ${model.pricing.completion} per token`],
    ]);
  }
  const multipliers = Object.entries(model.pricing.multipliers).map(
    ([field, values]) =>
      `${field} ${Object.entries(values)
        .map(([value, factor]) => `${value}:x${factor}`)
        .join(" ")}`,
  );
  const head = fields([
    ["slug", model.slug],
    ["name", model.name],
    ["type", model.type],
    ["capabilities", model.capabilities.join(", ")],
    ["credits", `${model.pricing.credits} (default input)`],
    ...multipliers.map((line) => ["multipliers", line] as const),
  ]);
  const rows = Object.entries(model.input_schema).map(([name, field]) => [
    name,
    field.type,
    field.required ? "yes" : "no",
    field.default === undefined ? NONE : JSON.stringify(field.default),
    allowed(field),
    field.description ?? "",
  ]);
  return `${head}\n\nInput fields (--set field=value):\n${table(rows, ["FIELD", "TYPE", "REQUIRED", "DEFAULT", "ALLOWED", "DESCRIPTION"])}`;
}

export function renderEstimate(model: string, estimate: EstimateResponse): string {
  return fields([
    ["model", model],
    ["credits", estimate.credits],
  ]);
}

export function renderAccount(account: Account): string {
  return fields([
    ["account_id", account.account_id],
    ["balance", `${account.balance.credits} credits`],
    ["requests_30d", account.usage_30d.requests],
    ["credits_spent_30d", account.usage_30d.credits_spent],
  ]);
}

export function renderKey(key: KeyInfo): string {
  return fields([
    ["label", key.label],
    ["usage", `${key.usage} credits`],
    ["limit", key.limit === null ? "none" : `${key.limit} credits`],
    ["limit_remaining", key.limit_remaining === null ? "none" : `${key.limit_remaining} credits`],
    ["rate_limit", `${key.rate_limit.requests} requests / ${key.rate_limit.interval}`],
  ]);
}
