import type { KeyRecord } from "../../control/types.js";
import type { ConsoleContext } from "./context.js";
import { confirmDialog, showSecretsOnce } from "./dialogs.js";
import { h, labelledValue } from "./dom.js";
import { formatBudget, formatModelAccess, formatRateLimit, formatUtcTime } from "./format.js";
import { keyFormDialog } from "./key-form.js";

/** Renders the API keys tab: the list, and create / edit / disable / enable / revoke. */
export async function renderKeysTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const keys = await ctx.api.listKeys(ctx.account.account_id);
  const create = async () => {
    let created: (KeyRecord & { secret: string }) | undefined;
    await keyFormDialog({
      models: ctx.models,
      now: ctx.now,
      submit: async (body) => {
        created = await ctx.api.createKey(
          ctx.account.account_id,
          body as Parameters<ConsoleContext["api"]["createKey"]>[1],
        );
      },
    });
    if (!created) return;
    const { secret, name, redacted_value } = created;
    created = undefined;
    await ctx.refresh();
    // As Cleura's console does: the OpenAI-compatible base URL beside the once-shown secret, so the
    // stock openai SDK can be pointed at this sandbox (`baseURL`) with the key just created.
    await showSecretsOnce(
      `API key created: ${name}`,
      [{ label: "Secret key", value: secret, testId: "new-secret" }],
      `From now on the key shows as ${redacted_value}. The generation API is at ${location.origin}; the AI gateway (chat) takes the OpenAI-compatible base URL with the stock openai SDK.`,
      [{ label: "OpenAI-compatible base URL", value: `${location.origin}/v1`, testId: "openai-base-url" }],
    );
    ctx.notify(`Key ${name} created.`);
  };

  return h(
    "section",
    { "aria-labelledby": "keys-title" },
    h(
      "div",
      { class: "section-head" },
      h("h2", { id: "keys-title" }, "API keys"),
      h("button", { type: "button", class: "primary", onclick: create, "data-fid": "create-key" }, "Create API key"),
    ),
    h(
      "p",
      { class: "hint" },
      "A key's secret is shown once, when it is created. Revoking is immediate and cannot be undone; disabling keeps the key and its history.",
    ),
    keys.length === 0 ? h("p", {}, "No keys in this account yet.") : keyTable(ctx, keys),
  );
}

function badge(status: string): HTMLElement {
  return h("span", { class: `badge badge-${status}` }, status);
}

/**
 * The Model access cell: the text of formatModelAccess, wrapping between the models but never
 * inside a slug (which would break at its hyphens and squeeze the column).
 */
function modelAccessCell(access: KeyRecord["model_access"]): Array<HTMLElement | string> {
  if (access.mode === "all") return [formatModelAccess(access)];
  const prefix = formatModelAccess({ mode: access.mode, models: [] }).trimEnd();
  return [
    prefix,
    ...access.models.flatMap((model, i) => [
      " ",
      h("span", { class: "nowrap" }, i < access.models.length - 1 ? `${model},` : model),
    ]),
  ];
}

function keyTable(ctx: ConsoleContext, keys: KeyRecord[]): HTMLElement {
  // Eight columns that wrap rather than widen (at 1024 px too): secondary facts sit on a second
  // line of their column, and the actions are stacked, so Edit / Disable / Revoke stay on screen.
  const header = ["Key", "Status", "Model access", "Limits", "Budget", "IP restriction", "Dates (UTC)", "Actions"];
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { "data-testid": "keys-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          header.map((text) => h("th", { scope: "col" }, text)),
        ),
      ),
      h(
        "tbody",
        {},
        keys.map((key) => keyRow(ctx, key)),
      ),
    ),
  );
}

function keyRow(ctx: ConsoleContext, key: KeyRecord): HTMLElement {
  const revoked = key.status === "revoked";
  const meter =
    key.credit_limit === null || key.credit_limit === 0
      ? null
      : h("meter", {
          min: 0,
          max: key.credit_limit,
          value: Math.min(key.credits_used, key.credit_limit),
          "aria-label": `Budget used by ${key.name}`,
        });
  const edit = () =>
    keyFormDialog({
      key,
      models: ctx.models,
      now: ctx.now,
      submit: async (body) => {
        await ctx.api.updateKey(key.id, body);
        await ctx.refresh();
        ctx.notify(`Key ${key.name} saved.`);
      },
    });
  const toggle = () =>
    ctx.run(
      async () => {
        await ctx.api.updateKey(key.id, { disabled: !key.disabled });
        await ctx.refresh();
      },
      `Key ${key.name} ${key.disabled ? "enabled" : "disabled"}.`,
    );
  const revoke = async () => {
    const sure = await confirmDialog({
      title: `Revoke ${key.name}?`,
      message: `Every request with ${key.redacted_value} will be refused (401) from now on, including polls of generations it started. This cannot be undone.`,
      confirm: "Revoke key",
      danger: true,
    });
    if (!sure) return;
    await ctx.run(async () => {
      await ctx.api.revokeKey(key.id);
      await ctx.refresh();
    }, `Key ${key.name} revoked.`);
  };
  return h(
    "tr",
    { "data-key-id": key.id, "data-status": key.status },
    h(
      "th",
      { scope: "row", class: "break" },
      h("span", { class: "key-name" }, key.name),
      h(
        "div",
        { class: "nowrap" },
        h("span", { class: `env env-${key.environment}` }, key.environment === "live" ? "Live" : "Test"),
        " ",
        h("span", { class: "mono", "data-col": "redacted" }, key.redacted_value),
      ),
      h("div", { class: "muted mono small break" }, key.id),
    ),
    h(
      "td",
      { "data-col": "status" },
      badge(key.status),
      h(
        "div",
        { class: "sub" },
        h("span", { class: "label" }, "Scopes "),
        h("span", { "data-col": "scopes" }, key.scopes.join(", ")),
      ),
    ),
    h("td", { "data-col": "models" }, modelAccessCell(key.model_access)),
    h(
      "td",
      { "data-col": "limits" },
      h("div", {}, formatRateLimit(key.rate_limit)),
      h("div", {}, `${key.concurrency.toLocaleString("en-US")} concurrent`),
    ),
    h("td", { "data-col": "usage" }, formatBudget(key.credits_used, key.credit_limit), meter ? h("br") : null, meter),
    h(
      "td",
      { class: "break", "data-col": "ips" },
      key.allowed_ips.length === 0 ? "Any address" : key.allowed_ips.map((ip) => h("div", { class: "mono break" }, ip)),
    ),
    h(
      "td",
      { "data-col": "dates" },
      labelledValue("Created", formatUtcTime(key.created_at)),
      labelledValue("Last used", key.last_used_at ? formatUtcTime(key.last_used_at) : "Never"),
      labelledValue("Expires", key.expires_at ? formatUtcTime(key.expires_at) : "Never", "expires"),
      key.revoked_at ? labelledValue("Revoked", formatUtcTime(key.revoked_at)) : null,
    ),
    h(
      "td",
      { class: "row-actions" },
      h(
        "div",
        {},
        revoked
          ? h("span", { class: "muted" }, "Revoked")
          : [
              h(
                "button",
                { type: "button", onclick: edit, "data-fid": `edit-${key.id}`, "aria-label": `Edit ${key.name}` },
                "Edit",
              ),
              h(
                "button",
                {
                  type: "button",
                  onclick: toggle,
                  "data-fid": `toggle-${key.id}`,
                  "aria-label": `${key.disabled ? "Enable" : "Disable"} ${key.name}`,
                },
                key.disabled ? "Enable" : "Disable",
              ),
              h(
                "button",
                {
                  type: "button",
                  class: "danger",
                  onclick: revoke,
                  "data-fid": `revoke-${key.id}`,
                  "aria-label": `Revoke ${key.name}`,
                },
                "Revoke",
              ),
            ],
      ),
    ),
  );
}
