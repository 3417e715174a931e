import type { LogEntry, LogListOptions } from "../../control/types.js";
import type { ConsoleContext } from "./context.js";
import { h, uid } from "./dom.js";
import { formatTime } from "./format.js";

// The Logs tab (SPEC v3 §5.4): the account's request log, what its clients sent and were answered,
// narrowed by status and path. The filters outlive a redraw (another tab, another account).

const filters = { status: "", path: "" };
const LIMIT = 200;

/** Renders the Logs tab: the filters, then the account's logged calls, newest first. */
export async function renderLogsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const options: LogListOptions = { limit: LIMIT };
  if (filters.status !== "") options.status = filters.status;
  if (filters.path !== "") options.path = filters.path;
  const log = await ctx.run(() => ctx.api.listLogs(ctx.account.account_id, options));
  const entries = log?.data ?? [];

  const statusId = uid("log-status");
  const pathId = uid("log-path");
  const status = h(
    "select",
    { id: statusId, "data-fid": "log-status" },
    ["", "2xx", "4xx", "5xx", "401", "402", "403", "404", "409", "422", "429"].map((value) =>
      h("option", { value, selected: value === filters.status }, value === "" ? "Any status" : value),
    ),
  );
  const path = h("input", {
    id: pathId,
    type: "search",
    placeholder: "/v1/requests/",
    value: filters.path,
    "data-fid": "log-path",
  });
  const apply = (event: Event) => {
    event.preventDefault();
    filters.status = status.value;
    filters.path = path.value.trim();
    void ctx.refresh();
  };
  status.addEventListener("change", apply);

  return h(
    "section",
    { "aria-labelledby": "logs-title" },
    h("h2", { id: "logs-title" }, "Logs"),
    h(
      "p",
      { class: "hint" },
      "Every API call made with this account's keys, newest first (revoked and disabled keys included): what was sent and answered. No body and no secret is logged.",
    ),
    h(
      "form",
      { class: "log-filters", onsubmit: apply, "data-testid": "log-filters" },
      h("div", { class: "field inline" }, h("label", { for: statusId }, "Status"), status),
      h("div", { class: "field inline" }, h("label", { for: pathId }, "Path contains"), path),
      h("button", { type: "submit", "data-fid": "log-apply" }, "Filter"),
    ),
    log && log.dropped > 0
      ? h(
          "p",
          { class: "hint", "data-testid": "log-dropped" },
          `${log.dropped} older calls were dropped (1000 are kept).`,
        )
      : null,
    entries.length === 0
      ? h("p", { "data-testid": "log-empty" }, filters.status || filters.path ? "No call matches." : "No calls yet.")
      : h("div", { class: "table-wrap" }, logTable(entries)),
  );
}

function logTable(entries: LogEntry[]): HTMLElement {
  const header = ["Call", "Status", "Key", "Idempotency-Key", "Duration", "Request", "Warnings"];
  return h(
    "table",
    { "data-testid": "logs-table" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        header.map((text) => h("th", { scope: "col" }, text)),
      ),
    ),
    h("tbody", {}, entries.map(logRow)),
  );
}

function logRow(entry: LogEntry): HTMLElement {
  const failed = entry.status === 0 || entry.status >= 400;
  return h(
    "tr",
    { "data-log-id": entry.id, "data-status": entry.status },
    h(
      "th",
      { scope: "row" },
      h("span", { class: "mono", "data-col": "method" }, entry.method),
      " ",
      h("span", { class: "mono wrap", "data-col": "path" }, entry.path),
      h("div", { class: "muted" }, formatTime(entry.time, true)),
    ),
    h(
      "td",
      {},
      h(
        "span",
        { class: `badge ${failed ? "badge-failed" : "badge-completed"}`, "data-col": "status" },
        entry.status === 0 ? "dropped" : String(entry.status),
      ),
      entry.code === null ? null : h("div", { class: "mono small", "data-col": "code" }, entry.code),
    ),
    h(
      "td",
      {},
      h("div", { class: "mono nowrap", "data-col": "key", title: entry.key_id }, entry.redacted_key),
      h("div", { class: "muted small", "data-col": "auth" }, authLabel(entry.auth_scheme)),
    ),
    h("td", { class: "mono wrap", "data-col": "idempotency" }, entry.idempotency_key ?? "—"),
    h("td", { class: "nowrap", "data-col": "duration" }, `${entry.duration_ms} ms`),
    h(
      "td",
      { class: "mono", "data-col": "request", title: entry.request_id ?? "" },
      entry.request_id === null ? "—" : `${entry.request_id.slice(0, 8)}…`,
    ),
    h(
      "td",
      { "data-col": "warnings" },
      entry.warnings.length === 0
        ? "—"
        : h(
            "ul",
            { class: "log-warnings" },
            entry.warnings.map((warning) => h("li", {}, warning)),
          ),
    ),
  );
}

/** How the key was sent, as the header a developer would look for. */
function authLabel(scheme: LogEntry["auth_scheme"]): string {
  if (scheme === "bearer") return "Authorization: Bearer";
  if (scheme === "key") return "Authorization: Key";
  return "X-Api-Key";
}
