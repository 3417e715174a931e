import { toRfc3339 } from "../engine/clock.js";
import type { StoredChat } from "../engine/records.js";
import type { SandboxState } from "../engine/state.js";
import { findAccount } from "./accounts.js";
import type { ChatRecord } from "./types.js";

/** The console's view of a chat completion: its tokens and cost, never its messages or reply (the store keeps neither). */
function serializeChat(chat: StoredChat): ChatRecord {
  return {
    id: chat.id,
    account_id: chat.account_id,
    key_id: chat.key_id,
    environment: chat.environment,
    model: chat.model,
    streamed: chat.streamed,
    choices: chat.choices,
    prompt_tokens: chat.prompt_tokens,
    completion_tokens: chat.completion_tokens,
    cost: chat.cost,
    charged: chat.charged,
    finish_reason: chat.finish_reason,
    created_at: toRfc3339(chat.created_at),
  };
}

/** The account's chat completions (both environments), newest first. */
export function listChats(state: SandboxState, accountId: string): ChatRecord[] {
  const account = findAccount(state, accountId);
  return state.store.chatsOf(account.account_id).reverse().map(serializeChat);
}
