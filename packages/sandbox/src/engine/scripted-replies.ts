import { findChatModel, isTextModel } from "../catalog/models.js";
import { invalidRequest } from "../http/errors.js";
import type { components } from "../http/generated/control.js";
import { checkOptions, unknownNameMessage } from "../http/options.js";
import { redactSecrets } from "../http/redact.js";

// Scripted chat replies (SPEC v3 §5.4): `POST /_sandbox/chat/replies` arms replies that the next
// matching chat completions answer, one per completion and in order, before the default replies
// (engine/chat-reply.ts) resume. This checks a script and picks the reply a completion gets;
// api/chat.ts answers with it.

/** What `scriptChatReplies` / `POST /_sandbox/chat/replies` accept. */
export type ChatRepliesInput = components["schemas"]["ChatRepliesInput"];

/** Armed scripted replies as the control plane returns them (the replies still to answer). */
export type ChatReplyScript = components["schemas"]["ChatReplyScript"];

/** One scripted reply, checked: `arguments` are JSON text, `finish_reason` is filled in (null for an error). */
export type ScriptedReply = components["schemas"]["ScriptedReply"];

const FIELDS: readonly string[] = ["account_id", "model", "replies"];
const REPLY_FIELDS: readonly string[] = ["content", "tool_calls", "finish_reason", "error"];
const TOOL_CALL_FIELDS: readonly string[] = ["name", "arguments"];
const ERROR_FIELDS: readonly string[] = ["status", "code", "message"];
const FINISH_REASONS: readonly string[] = ["stop", "length", "tool_calls", "content_filter"];

const MAX_REPLIES = 1000;
const MAX_TOOL_CALLS = 64;
const MAX_CONTENT = 100_000;
const MAX_MESSAGE = 500;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** `value` as an object with only `allowed` names; an unknown one names the intended one. */
function fieldsOf(value: unknown, allowed: readonly string[], where: string): Record<string, unknown> {
  if (!isObject(value)) throw invalidRequest(`${where} must be an object with any of: ${allowed.join(", ")}.`);
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) throw invalidRequest(unknownNameMessage("option", name, allowed, where));
  }
  return value;
}

/** A tool call's `arguments`: an object is sent as its JSON, a string must hold JSON and is sent as given. */
function argumentsOf(value: unknown, where: string): string {
  if (value === undefined) return "{}";
  if (isObject(value)) return JSON.stringify(value);
  if (typeof value === "string") {
    try {
      JSON.parse(value);
      return value;
    } catch {
      throw invalidRequest(`${where}.arguments must be an object or a string of JSON text; this string is not JSON.`);
    }
  }
  throw invalidRequest(`${where}.arguments must be an object or a string of JSON text.`);
}

function toolCallsOf(value: unknown, where: string): ScriptedReply["tool_calls"] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TOOL_CALLS) {
    throw invalidRequest(`${where}.tool_calls must be an array of 1 to ${MAX_TOOL_CALLS} {name, arguments?} objects.`);
  }
  return value.map((call, index) => {
    const at = `${where}.tool_calls[${index}]`;
    const fields = fieldsOf(call, TOOL_CALL_FIELDS, at);
    if (typeof fields.name !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(fields.name)) {
      throw invalidRequest(`${at}.name must be a function name (letters, digits, _ and -, at most 64).`);
    }
    return { name: fields.name, arguments: argumentsOf(fields.arguments, at) };
  });
}

function errorOf(value: unknown, where: string): NonNullable<ScriptedReply["error"]> {
  const at = `${where}.error`;
  const { status, code, message } = fieldsOf(value, ERROR_FIELDS, at);
  if (typeof status !== "number" || !Number.isInteger(status) || status < 400 || status > 599) {
    throw invalidRequest(`${at}.status must be an integer from 400 to 599.`);
  }
  if (typeof code !== "string" || !/^[a-z_]{1,64}$/.test(code)) {
    throw invalidRequest(`${at}.code must be an error code such as service_unavailable.`);
  }
  if (message !== undefined && (typeof message !== "string" || message === "" || message.length > MAX_MESSAGE)) {
    throw invalidRequest(`${at}.message must be a string of 1 to ${MAX_MESSAGE} characters.`);
  }
  // Error messages never carry a secret (SPEC §3), even one a test scripted.
  const text = message === undefined ? `Scripted sandbox reply: ${status} ${code}.` : redactSecrets(message);
  return { status, code, message: text };
}

function replyOf(value: unknown, index: number): ScriptedReply {
  const where = `replies[${index}]`;
  const fields = fieldsOf(value, REPLY_FIELDS, where);
  const { content, finish_reason: finishReason } = fields;
  if (fields.error !== undefined) {
    const others = REPLY_FIELDS.filter((name) => name !== "error" && fields[name] !== undefined);
    if (others.length > 0)
      throw invalidRequest(`${where}.error answers instead of a reply: drop ${others.join(", ")}.`);
    return { content: null, tool_calls: [], finish_reason: null, error: errorOf(fields.error, where) };
  }
  if (content !== undefined && content !== null && (typeof content !== "string" || content.length > MAX_CONTENT)) {
    throw invalidRequest(`${where}.content must be a string of at most ${MAX_CONTENT} characters, or null.`);
  }
  const toolCalls = toolCallsOf(fields.tool_calls, where);
  if ((content === undefined || content === null) && toolCalls.length === 0) {
    throw invalidRequest(`${where} needs content, tool_calls or error.`);
  }
  if (finishReason !== undefined && (typeof finishReason !== "string" || !FINISH_REASONS.includes(finishReason))) {
    throw invalidRequest(`${where}.finish_reason must be one of ${FINISH_REASONS.join(", ")}.`);
  }
  return {
    content: typeof content === "string" ? content : null,
    tool_calls: toolCalls,
    finish_reason: (finishReason as ScriptedReply["finish_reason"]) ?? (toolCalls.length > 0 ? "tool_calls" : "stop"),
    error: null,
  };
}

/** The text model a script is for, by its id or slug (400 for anything else). */
function modelOf(value: unknown): string | null {
  if (value === undefined) return null;
  const model = typeof value === "string" ? findChatModel(value) : undefined;
  if (!model || !isTextModel(model)) {
    throw invalidRequest("model must be the id or slug of a text model (GET /v1/models lists them).");
  }
  return model.id;
}

/** Validates a script (400 on anything off) and gives it an id. */
export function buildReplyScript(
  input: Record<string, unknown>,
  id: string,
  accountExists: (id: string) => boolean,
): ChatReplyScript {
  const { account_id: accountId, model, replies } = checkOptions(input, FIELDS);
  if (accountId !== undefined && (typeof accountId !== "string" || !accountExists(accountId))) {
    throw invalidRequest("account_id must be the id of a sandbox account.");
  }
  if (!Array.isArray(replies) || replies.length === 0 || replies.length > MAX_REPLIES) {
    throw invalidRequest(
      `replies is required: an array of 1 to ${MAX_REPLIES} replies ({content?, tool_calls?, finish_reason?, error?}).`,
    );
  }
  return {
    id,
    account_id: accountId ?? null,
    model: modelOf(model),
    replies: replies.map(replyOf),
  };
}

/**
 * Takes the reply the next completion of `model` (a text model's id) by `accountId`'s keys gets:
 * the next one of the oldest script that matches, dropping a script once it has none left.
 */
export function takeScriptedReply(scripts: ChatReplyScript[], model: string, accountId: string): ScriptedReply | null {
  const index = scripts.findIndex(
    (script) =>
      (script.account_id === null || script.account_id === accountId) &&
      (script.model === null || script.model === model),
  );
  if (index === -1) return null;
  const script = scripts[index] as ChatReplyScript;
  const reply = script.replies.shift() as ScriptedReply;
  if (script.replies.length === 0) scripts.splice(index, 1);
  return reply;
}
