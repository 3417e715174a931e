import type { WebhookDelivery } from "../../control/types.js";
import type { ConsoleContext } from "./context.js";
import { confirmDialog, copyText } from "./dialogs.js";
import { h } from "./dom.js";
import { formatTime } from "./format.js";

const MASK = "whsec_••••••••••••••••••••••••";
let revealed = false;

/** Renders the Webhooks tab: the signing secret (reveal, copy, rotate) and the delivery log. */
export async function renderWebhooksTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const deliveries = await ctx.api.webhookDeliveries({ account_id: ctx.account.account_id });
  const secret = ctx.account.webhook_secret ?? "";
  const value = h("code", { class: "mono secret-value", "data-testid": "webhook-secret" }, revealed ? secret : MASK);
  const copyStatus = h("span", { class: "copy-status", role: "status" });
  const reveal = h(
    "button",
    {
      type: "button",
      "aria-pressed": String(revealed),
      "data-fid": "reveal-secret",
      onclick: () => {
        revealed = !revealed;
        value.textContent = revealed ? secret : MASK;
        reveal.textContent = revealed ? "Hide" : "Reveal";
        reveal.setAttribute("aria-pressed", String(revealed));
      },
    },
    revealed ? "Hide" : "Reveal",
  );
  const rotate = async () => {
    const sure = await confirmDialog({
      title: "Rotate the signing secret?",
      message:
        "Deliveries are signed with the new secret from now on; receivers that still verify with the old one will reject them.",
      confirm: "Rotate secret",
      danger: true,
    });
    if (!sure) return;
    const rotated = await ctx.run(() => ctx.api.rotateWebhookSecret(ctx.account.account_id));
    if (!rotated) return;
    revealed = true;
    await ctx.refresh();
    ctx.notify("Webhook signing secret rotated: the new one is shown; the old one no longer signs.");
  };

  return h(
    "section",
    { "aria-labelledby": "webhooks-title" },
    h("h2", { id: "webhooks-title" }, "Webhooks"),
    h(
      "div",
      { class: "card" },
      h("h3", {}, "Signing secret"),
      h(
        "p",
        { class: "hint" },
        'Deliveries carry X-Clipia-Signature: t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>"> under this secret (verifyWebhook in @clipia/sdk checks it).',
      ),
      h(
        "div",
        { class: "secret-row" },
        value,
        reveal,
        h(
          "button",
          {
            type: "button",
            "data-fid": "copy-secret",
            onclick: async () => {
              copyStatus.textContent = (await copyText(secret)) ? "Copied" : "Copy failed";
            },
          },
          "Copy",
        ),
        h("button", { type: "button", class: "danger", "data-fid": "rotate-secret", onclick: rotate }, "Rotate"),
        copyStatus,
      ),
    ),
    h("h3", {}, "Deliveries"),
    deliveries.length === 0
      ? h("p", {}, "No webhook deliveries yet: submit a generation with a webhook_url.")
      : h("div", { class: "table-wrap" }, deliveryTable(ctx, deliveries)),
  );
}

function deliveryTable(ctx: ConsoleContext, deliveries: WebhookDelivery[]): HTMLElement {
  const header = ["Delivery", "Request", "URL", "Event", "Status", "Attempts", "Last answer", "Next retry", "Actions"];
  return h(
    "table",
    { "data-testid": "deliveries-table" },
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
      deliveries.map((delivery) => {
        const answer = delivery.last_status !== null ? `HTTP ${delivery.last_status}` : (delivery.last_error ?? "—");
        const redeliver = () =>
          ctx.run(async () => {
            await ctx.api.redeliverWebhook(delivery.id);
            await ctx.refresh();
          }, `Delivery ${delivery.id} sent again.`);
        return h(
          "tr",
          { "data-delivery-id": delivery.id, "data-status": delivery.status },
          h(
            "th",
            { scope: "row", class: "mono" },
            delivery.id,
            h("div", { class: "muted" }, formatTime(delivery.created_at, true)),
          ),
          // The request id shortened as on the Requests tab (the whole id in the tooltip), so the
          // table fits at 1024 px.
          h("td", { class: "mono", title: delivery.request_id }, delivery.request_id.slice(0, 8), "…"),
          h("td", { class: "mono wrap" }, delivery.url),
          h("td", {}, delivery.event),
          h("td", {}, h("span", { class: `badge badge-${delivery.status}` }, delivery.status.replace("_", " "))),
          h(
            "td",
            { "data-col": "attempts" },
            String(delivery.attempts),
            delivery.history.length === 0
              ? null
              : h(
                  "details",
                  {},
                  h("summary", {}, "History"),
                  h(
                    "ol",
                    {},
                    delivery.history.map((attempt) =>
                      h(
                        "li",
                        {},
                        `${formatTime(attempt.at, true)}: ${attempt.status !== null ? `HTTP ${attempt.status}` : (attempt.error ?? "no answer")}`,
                      ),
                    ),
                  ),
                ),
          ),
          h("td", {}, answer),
          h("td", {}, formatTime(delivery.next_attempt_at, true)),
          h(
            "td",
            { class: "row-actions" },
            h(
              "div",
              {},
              h(
                "button",
                {
                  type: "button",
                  onclick: redeliver,
                  disabled: delivery.status === "not_sent",
                  "data-fid": `redeliver-${delivery.id}`,
                  "aria-label": `Redeliver ${delivery.id}`,
                },
                "Redeliver",
              ),
            ),
          ),
        );
      }),
    ),
  );
}
