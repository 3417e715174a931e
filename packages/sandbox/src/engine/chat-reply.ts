import { canonicalJson } from "../http/body.js";
import { redactSecrets } from "../http/redact.js";
import type { ChatMessage, ChatRequest, ChatTool } from "./chat-request.js";
import type { Environment } from "./keys.js";
import type { ChatFinishReason } from "./records.js";
import type { ScriptedReply } from "./scripted-replies.js";
import { sha256Hex } from "./sha256.js";
import { valueForSchema } from "./json-schema-value.js";

// What the sandbox's "model" answers (SPEC v3 §2.2 D): the default reply, or a scripted one (SPEC
// v3 §5.4, engine/scripted-replies.ts), turned into each choice's message; `finishChoice` then
// applies the token limit and the stop sequences, and the token counts below price it. Everything
// here is a pure function of the request (and the script), so the same request gets the same
// reply on both transports.

/** A tool call of a reply. */
export interface ChatToolCall {
  /** `call_` + hex. */
  id: string;
  name: string;
  /** A JSON string. */
  arguments: string;
}

/** One choice's message, before the token limit is applied. */
interface ChatChoiceReply {
  content: string | null;
  tool_calls?: ChatToolCall[];
}

/** Which choice is asked for, and by whom. */
interface ChatReplyContext {
  /** Which of the `n` choices (0-based). */
  choice: number;
  account_id: string;
  environment: Environment;
}

/** Makes one choice's reply. */
type ChatReplySource = (request: ChatRequest, context: ChatReplyContext) => ChatChoiceReply;

/** A choice as answered: the reply cut to the token limit, and why it ended. */
export interface FinishedChoice {
  content: string | null;
  tool_calls?: ChatToolCall[];
  finish_reason: ChatFinishReason;
  completion_tokens: number;
}

// --- token counts (the documented approximation) ---

/** ⌈characters / 4⌉, counting code points, so a non-Latin text is not over-counted by surrogates. */
function tokensOf(text: string): number {
  return Math.ceil([...text].length / 4);
}

/**
 * The prompt's tokens: 3 (the reply's priming) + for each message 3 + ⌈its characters / 4⌉ (its
 * text, and the JSON of an assistant message's tool calls) + ⌈characters of the tools' JSON / 4⌉
 * + ⌈characters of a `json_schema` response format's schema / 4⌉.
 */
export function promptTokens(request: ChatRequest): number {
  let tokens = 3;
  for (const message of request.messages) {
    const calls = message.tool_calls === undefined ? "" : JSON.stringify(message.tool_calls);
    tokens += 3 + tokensOf(message.text + calls);
  }
  if (request.tools.length > 0) tokens += tokensOf(JSON.stringify(request.body.tools));
  if (request.response_format.type === "json_schema")
    tokens += tokensOf(JSON.stringify(request.response_format.schema));
  return tokens;
}

/** A reply's tokens: ⌈content / 4⌉ plus, per tool call, ⌈(name + arguments) / 4⌉. */
function completionTokens(content: string | null, calls: readonly ChatToolCall[]): number {
  return tokensOf(content ?? "") + calls.reduce((sum, call) => sum + tokensOf(call.name + call.arguments), 0);
}

/** The first `tokens` tokens of `text` (4 code points each). */
function cut(text: string, tokens: number): string {
  return [...text].slice(0, Math.max(0, tokens) * 4).join("");
}

/**
 * The reply as answered: stopped before the first `stop` sequence (`stop`), else cut to `limit`
 * tokens (`length`), else `tool_calls` when it calls a tool, `stop` otherwise. A cut tool call
 * keeps its name and loses the end of its arguments, as a real model's would.
 */
export function finishChoice(reply: ChatChoiceReply, stop: readonly string[], limit: number | null): FinishedChoice {
  let content = reply.content;
  const calls = reply.tool_calls ?? [];
  if (content !== null && calls.length === 0) {
    const at = Math.min(...stop.map((s) => content!.indexOf(s)).filter((i) => i >= 0));
    if (Number.isFinite(at)) content = content.slice(0, at);
  }
  const tokens = completionTokens(content, calls);
  if (limit === null || tokens <= limit) {
    return {
      content,
      ...(calls.length > 0 ? { tool_calls: calls } : {}),
      finish_reason: calls.length > 0 ? "tool_calls" : "stop",
      completion_tokens: tokens,
    };
  }
  let left = limit;
  const cutContent = content === null ? null : cut(content, left);
  left -= tokensOf(cutContent ?? "");
  const cutCalls: ChatToolCall[] = [];
  for (const call of calls) {
    if (left <= 0) break;
    const room = Math.max(0, left * 4 - [...call.name].length);
    const args = [...call.arguments].slice(0, room).join("");
    cutCalls.push({ ...call, arguments: args });
    left -= tokensOf(call.name + args);
  }
  return {
    content: cutContent,
    ...(cutCalls.length > 0 ? { tool_calls: cutCalls } : {}),
    finish_reason: "length",
    completion_tokens: completionTokens(cutContent, cutCalls),
  };
}

// --- the default replies ---

const SNIPPET_WORDS = 8;

/** The first words of a text, secrets redacted (a reply may be logged or shown). */
function snippet(text: string): string {
  const words = redactSecrets(text).split(/\s+/).filter(Boolean);
  const head = words.slice(0, SNIPPET_WORDS).join(" ");
  return words.length > SNIPPET_WORDS ? `${head}…` : head;
}

function lastOf(messages: readonly ChatMessage[], role: ChatMessage["role"]): ChatMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === role) return messages[i];
  return undefined;
}

/**
 * The tool the default reply calls, or none: with `tool_choice` naming a function, that one; with
 * `required`, or `auto` (or absent) when the last message is the user's, the first tool whose
 * name the last user message mentions, else the first tool. `none`, no tools, or `auto` after a
 * tool result: no call (so an agent loop ends with a text answer).
 */
function toolToCall(request: ChatRequest): ChatTool | undefined {
  const { tools, tool_choice: choice } = request;
  if (tools.length === 0 || choice.kind === "none") return undefined;
  if (choice.kind === "function") return tools.find((tool) => tool.name === choice.name);
  const last = request.messages.at(-1);
  if (choice.kind === "auto" && last?.role !== "user") return undefined;
  const asked = (lastOf(request.messages, "user")?.text ?? "").toLowerCase();
  return tools.find((tool) => asked.includes(tool.name.toLowerCase())) ?? tools[0];
}

/**
 * A tool call id derived from the conversation, so the same request gets the same id; `index`
 * tells apart the calls of a scripted reply (the default reply makes one).
 */
function toolCallId(request: ChatRequest, choice: number, name: string, index?: number): string {
  const seed = { messages: request.messages, tool: name, choice, ...(index === undefined ? {} : { index }) };
  return `call_${sha256Hex(canonicalJson(seed)).slice(0, 24)}`;
}

/** The reply's text: derived from the last user message, or from the tool result just received. */
function replyText(request: ChatRequest, choice: number): string {
  const label = choice === 0 ? "Sandbox reply" : `Sandbox reply #${choice + 1}`;
  const last = request.messages.at(-1);
  if (last?.role === "tool" || last?.role === "function") {
    return `${label} after the tool result: ${snippet(last.text) || "(empty)"}.`;
  }
  const user = lastOf(request.messages, "user");
  return `${label} to: ${snippet(user?.text ?? "") || "(no user message)"}`;
}

/**
 * The sandbox's default reply for one choice (SPEC v3 §2.2 D): a tool call whose `arguments`
 * satisfy the tool's `parameters` schema (engine/json-schema-value.ts), or content — a JSON
 * object `{"reply": text}` for `json_object`, a value of the schema for `json_schema`, else text.
 */
export const defaultChatReply: ChatReplySource = (request, { choice }) => {
  const tool = toolToCall(request);
  if (tool) {
    const args = JSON.stringify(valueForSchema(tool.parameters, "argument"));
    return {
      content: null,
      tool_calls: [{ id: toolCallId(request, choice, tool.name), name: tool.name, arguments: args }],
    };
  }
  const text = replyText(request, choice);
  const format = request.response_format;
  if (format.type === "json_object") return { content: JSON.stringify({ reply: text }) };
  if (format.type === "json_schema") return { content: JSON.stringify(valueForSchema(format.schema, format.name)) };
  return { content: text };
};

/**
 * One choice answered with a scripted reply (SPEC v3 §5.4): its content and tool calls (ids
 * derived like the default reply's), cut by the token limit and the stop sequences like any
 * reply; its `finish_reason` is the script's unless the limit cut it (`length`).
 */
export function finishScriptedChoice(
  request: ChatRequest,
  reply: ScriptedReply,
  choice: number,
  limit: number | null,
): FinishedChoice {
  const calls = reply.tool_calls.map((call, index) => ({
    id: toolCallId(request, choice, call.name, index),
    name: call.name,
    arguments: call.arguments,
  }));
  const finished = finishChoice(
    { content: reply.content, ...(calls.length > 0 ? { tool_calls: calls } : {}) },
    request.stop,
    limit,
  );
  if (finished.finish_reason === "length" || reply.finish_reason === null) return finished;
  return { ...finished, finish_reason: reply.finish_reason };
}
