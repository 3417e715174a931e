import type { ChatRecord, KeyRecord } from "../../control/types.js";
import { h, labelledValue } from "./dom.js";
import { formatChatCredits, formatTime } from "./format.js";

/**
 * The Requests tab's chat completions (the AI gateway): model, key, tokens and cost of each, newest
 * first. The control plane keeps no message or reply, so none is shown.
 */
export function chatsSection(chats: readonly ChatRecord[], keys: ReadonlyMap<string, KeyRecord>): HTMLElement {
  const header = ["Completion", "Model", "Key", "Tokens", "Cost", "Finish", "Created"];
  return h(
    "section",
    { "aria-labelledby": "chats-title" },
    h("h3", { id: "chats-title" }, "Chat completions"),
    h(
      "p",
      { class: "hint" },
      "POST /v1/chat/completions of this account, newest first. A live key is charged the tokens' price; a test key's cost is what live would pay.",
    ),
    chats.length === 0
      ? h("p", {}, "No chat completions yet.")
      : h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { "data-testid": "chats-table" },
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
              chats.map((chat) => chatRow(chat, keys.get(chat.key_id))),
            ),
          ),
        ),
  );
}

function chatRow(chat: ChatRecord, key: KeyRecord | undefined): HTMLElement {
  const cost = chat.charged
    ? formatChatCredits(chat.cost)
    : `${formatChatCredits(chat.cost)} (${chat.environment}, not charged)`;
  const completion =
    chat.choices > 1 ? `${chat.completion_tokens} (${chat.choices} choices)` : `${chat.completion_tokens}`;
  return h(
    "tr",
    { "data-chat-id": chat.id, "data-environment": chat.environment },
    h("th", { scope: "row", class: "mono", title: chat.id }, chat.id),
    h(
      "td",
      {},
      h("div", { class: "mono" }, chat.model),
      h("div", { class: "muted small" }, chat.streamed ? "streamed" : "plain"),
    ),
    h(
      "td",
      { class: "break" },
      key ? key.name : chat.key_id,
      h("div", { class: "muted mono nowrap" }, key?.redacted_value ?? ""),
    ),
    h(
      "td",
      {},
      labelledValue("Prompt", `${chat.prompt_tokens}`, "prompt-tokens"),
      labelledValue("Completion", completion, "completion-tokens"),
    ),
    h("td", { "data-col": "cost" }, cost),
    h("td", { "data-col": "finish" }, chat.finish_reason),
    h("td", { class: "nowrap" }, formatTime(chat.created_at, true)),
  );
}
