import type { KeyRecord, RequestRecord } from "../../control/types.js";
import type { ConsoleContext } from "./context.js";
import { chatsSection } from "./chats-table.js";
import { openDialog } from "./dialogs.js";
import { h, labelledValue } from "./dom.js";
import { formatCredits, formatTime } from "./format.js";

/** Output of a completed request, as the control plane lists it. */
interface RequestOutput {
  images?: Array<{ url: string; width: number; height: number }>;
  video?: { url: string; width: number; height: number; duration: number };
}
type ConsoleRequest = RequestRecord & { output?: RequestOutput | null };

const PENDING = new Set(["IN_QUEUE", "IN_PROGRESS"]);

/**
 * Renders the Requests tab: the account's recent generations, their outputs, and the console
 * cancel; then its chat completions with their tokens and cost.
 */
export async function renderRequestsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const [requests, keys, chats] = await Promise.all([
    ctx.api.listRequests(ctx.account.account_id) as Promise<ConsoleRequest[]>,
    ctx.api.listKeys(ctx.account.account_id),
    ctx.api.listChats(ctx.account.account_id),
  ]);
  const byId = new Map(keys.map((key) => [key.id, key]));
  const header = ["Request", "Model", "Key", "Status", "Progress", "Cost", "Times", "Actions"];
  return h(
    "section",
    { "aria-labelledby": "requests-title" },
    h("h2", { id: "requests-title" }, "Requests"),
    h(
      "p",
      { class: "hint" },
      "Generations of this account, newest first. Live requests move on the sandbox clock; Cancel is the console's cancel (CANCELED, credits refunded, webhook sent).",
    ),
    requests.length === 0
      ? h("p", {}, "No requests yet.")
      : h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { "data-testid": "requests-table" },
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
              requests.map((request) => requestRow(ctx, request, byId.get(request.key_id))),
            ),
          ),
        ),
    chatsSection(chats, byId),
  );
}

function requestRow(ctx: ConsoleContext, request: ConsoleRequest, key: KeyRecord | undefined): HTMLElement {
  const pending = PENDING.has(request.status);
  const progress =
    request.status === "IN_QUEUE"
      ? `Queue position ${request.queue_position ?? 0}`
      : request.progress === null
        ? "—"
        : h(
            "span",
            { class: "nowrap" },
            h("progress", { max: 100, value: request.progress, "aria-label": `Progress of ${request.request_id}` }),
            ` ${request.progress}%`,
          );
  const cost =
    request.environment === "test"
      ? `${formatCredits(request.cost)} (test, not charged)`
      : request.charged
        ? formatCredits(request.cost)
        : `${formatCredits(request.cost)} (refunded)`;
  const cancel = () =>
    ctx.run(async () => {
      await ctx.api.cancelRequest(request.request_id);
      await ctx.refresh();
    }, `Request ${request.request_id} canceled.`);
  return h(
    "tr",
    { "data-request-id": request.request_id, "data-status": request.status },
    h("th", { scope: "row", class: "mono", title: request.request_id }, request.request_id.slice(0, 8), "…"),
    h("td", { class: "mono" }, request.model),
    h(
      "td",
      { class: "break" },
      key ? key.name : request.key_id,
      h("div", { class: "muted mono nowrap" }, key?.redacted_value ?? ""),
    ),
    h("td", {}, h("span", { class: `badge badge-${request.status.toLowerCase()}` }, request.status)),
    h("td", {}, progress),
    h("td", {}, cost),
    h(
      "td",
      {},
      labelledValue("Created", formatTime(request.created_at, true)),
      labelledValue("Completed", formatTime(request.completed_at, true)),
    ),
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
            onclick: () => void showRequest(request),
            "data-fid": `view-${request.request_id}`,
            "aria-label": `View ${request.request_id}`,
          },
          "View",
        ),
        pending
          ? h(
              "button",
              {
                type: "button",
                class: "danger",
                onclick: cancel,
                "data-fid": `cancel-${request.request_id}`,
                "aria-label": `Cancel ${request.request_id}`,
              },
              "Cancel",
            )
          : null,
      ),
    ),
  );
}

/** The sample assets are tiny: show them at a readable size, and large ones within the dialog. */
const displayWidth = (width: number): number => Math.max(256, Math.min(width, 480));

function showRequest(request: ConsoleRequest): Promise<string> {
  const output = request.output ?? null;
  const media: Node[] = [];
  for (const image of output?.images ?? []) {
    media.push(
      h("img", {
        src: image.url,
        alt: `Output of ${request.model}`,
        width: displayWidth(image.width),
        class: "output",
        "data-testid": "output-image",
      }),
    );
  }
  if (output?.video) {
    media.push(
      h("video", {
        src: output.video.url,
        controls: true,
        width: displayWidth(output.video.width),
        class: "output",
        "data-testid": "output-video",
        "aria-label": `Output of ${request.model}`,
      }),
    );
  }
  return openDialog(
    `Request ${request.request_id}`,
    (close) => [
      h(
        "dl",
        { class: "facts" },
        ...[
          ["Model", request.model],
          ["Status", request.status],
          ["Environment", request.environment],
          ["Cost", formatCredits(request.cost)],
          ["Webhook", request.webhook_url ?? "—"],
          ["Created", formatTime(request.created_at, true)],
          ["Completed", formatTime(request.completed_at, true)],
        ].flatMap(([term, value]) => [h("dt", {}, term ?? ""), h("dd", {}, value ?? "")]),
      ),
      request.error ? h("p", { class: "error" }, `${request.error.code}: ${request.error.message}`) : h("span"),
      ...(media.length > 0
        ? media
        : [
            h(
              "p",
              { class: "muted" },
              request.status === "COMPLETED" ? "No output." : "The output appears once the request is COMPLETED.",
            ),
          ]),
      h("details", {}, h("summary", {}, "Input"), h("pre", { class: "mono" }, JSON.stringify(request.input, null, 2))),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "primary", onclick: () => close("done") }, "Close"),
      ),
    ],
    { testId: "request-dialog" },
  );
}
