import { invalidRequest } from "../http/errors.js";

// The body of `POST /v1/chat/completions` (SPEC v3 §2.2), read the way OpenAI reads it: the
// fields the sandbox uses are checked, every other option is accepted and ignored.

/** The roles OpenAI's Chat Completions accepts (`function` is its deprecated tool role). */
const ROLES = ["system", "developer", "user", "assistant", "tool", "function"] as const;
export type ChatRole = (typeof ROLES)[number];

/** The most choices one request may ask for (`n`). */
const MAX_CHOICES = 8;

export interface ChatMessage {
  role: ChatRole;
  /** The message's text: its `content` string, or its text parts joined. */
  text: string;
  /** The tool calls of an assistant message, as sent (counted as prompt tokens). */
  tool_calls?: unknown;
}

export interface ChatTool {
  name: string;
  /** The function's `parameters` JSON Schema (`{}` when absent). */
  parameters: Record<string, unknown>;
}

export type ToolChoice =
  | { kind: "auto" }
  | { kind: "none" }
  | { kind: "required" }
  | { kind: "function"; name: string };

export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: Record<string, unknown> };

/** A chat request, checked: what a reply source (engine/chat-reply.ts) reads. */
export interface ChatRequest {
  /** The `model` string as sent. */
  model: string;
  messages: ChatMessage[];
  tools: ChatTool[];
  tool_choice: ToolChoice;
  response_format: ResponseFormat;
  /** `max_completion_tokens`, else `max_tokens`; null when neither. */
  max_tokens: number | null;
  n: number;
  stream: boolean;
  /** `stream_options.include_usage`. */
  include_usage: boolean;
  stop: string[];
  /** The body as sent, for a reply source that wants more (`seed`, `user`, `temperature`, …). */
  body: Record<string, unknown>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The text of a message `content`: a string, an array of parts (their `text`), or none. */
function textOf(content: unknown, index: number): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : ""))
      .filter((text) => text !== "")
      .join("\n");
  }
  throw invalidRequest(`messages[${index}].content must be a string, an array of content parts, or null.`);
}

function messagesOf(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalidRequest("messages is required: a non-empty array of {role, content} objects.");
  return value.map((message, index) => {
    if (!isObject(message)) throw invalidRequest(`messages[${index}] must be an object with a role.`);
    const role = message.role;
    if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) {
      throw invalidRequest(`messages[${index}].role must be one of ${ROLES.join(", ")}.`);
    }
    const parsed: ChatMessage = { role: role as ChatRole, text: textOf(message.content, index) };
    if (message.tool_calls !== undefined) parsed.tool_calls = message.tool_calls;
    return parsed;
  });
}

function toolsOf(value: unknown): ChatTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidRequest("tools must be an array of function tools.");
  return value.map((tool, index) => {
    const fn = isObject(tool) ? tool.function : undefined;
    if (!isObject(tool) || tool.type !== "function" || !isObject(fn) || typeof fn.name !== "string" || fn.name === "") {
      throw invalidRequest(`tools[${index}] must be {type: "function", function: {name, parameters?}}.`);
    }
    if (fn.parameters !== undefined && !isObject(fn.parameters))
      throw invalidRequest(`tools[${index}].function.parameters must be a JSON Schema object.`);
    return { name: fn.name, parameters: (fn.parameters as Record<string, unknown> | undefined) ?? {} };
  });
}

function toolChoiceOf(value: unknown, tools: readonly ChatTool[]): ToolChoice {
  if (value === undefined || value === null || value === "auto") return { kind: "auto" };
  if (value === "none") return { kind: "none" };
  if (value === "required") {
    if (tools.length === 0) throw invalidRequest('tool_choice "required" needs at least one tool in tools.');
    return { kind: "required" };
  }
  const fn = isObject(value) ? value.function : undefined;
  if (isObject(value) && value.type === "function" && isObject(fn) && typeof fn.name === "string") {
    if (!tools.some((tool) => tool.name === fn.name))
      throw invalidRequest(`tool_choice names ${JSON.stringify(fn.name)}, which is not a function in tools.`);
    return { kind: "function", name: fn.name };
  }
  throw invalidRequest('tool_choice must be "auto", "none", "required" or {type: "function", function: {name}}.');
}

function responseFormatOf(value: unknown): ResponseFormat {
  if (value === undefined || value === null) return { type: "text" };
  if (!isObject(value)) throw invalidRequest("response_format must be an object with a type.");
  if (value.type === "text") return { type: "text" };
  if (value.type === "json_object") return { type: "json_object" };
  if (value.type === "json_schema") {
    const spec = value.json_schema;
    if (!isObject(spec) || typeof spec.name !== "string" || (spec.schema !== undefined && !isObject(spec.schema))) {
      throw invalidRequest("response_format json_schema needs json_schema: {name, schema}.");
    }
    return { type: "json_schema", name: spec.name, schema: (spec.schema as Record<string, unknown> | undefined) ?? {} };
  }
  throw invalidRequest('response_format.type must be "text", "json_object" or "json_schema".');
}

function positiveInteger(body: Record<string, unknown>, field: string): number | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1)
    throw invalidRequest(`${field} must be a positive integer.`);
  return value;
}

function stopOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value === "" ? [] : [value];
  if (Array.isArray(value) && value.length <= 4 && value.every((s) => typeof s === "string"))
    return (value as string[]).filter((s) => s !== "");
  throw invalidRequest("stop must be a string or an array of at most 4 strings.");
}

/**
 * The checked body: 400 `invalid_request` for what OpenAI refuses too (no messages, a bad role,
 * `model` not a string, `n` outside 1–8, `stream` not a boolean, malformed tools); unknown
 * top-level options are ignored, as OpenAI ignores them.
 */
export function parseChatRequest(body: Record<string, unknown> | undefined): ChatRequest {
  if (body === undefined) throw invalidRequest("The request body must be a JSON object with model and messages.");
  if (typeof body.model !== "string" || body.model === "")
    throw invalidRequest("model is required: the id of a text model (GET /v1/models).");
  const messages = messagesOf(body.messages);
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean")
    throw invalidRequest("stream must be a boolean.");
  const n = positiveInteger(body, "n") ?? 1;
  if (n > MAX_CHOICES) throw invalidRequest(`n must be between 1 and ${MAX_CHOICES}.`);
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && !isObject(streamOptions))
    throw invalidRequest("stream_options must be an object.");
  const tools = toolsOf(body.tools);
  return {
    model: body.model,
    messages,
    tools,
    tool_choice: toolChoiceOf(body.tool_choice, tools),
    response_format: responseFormatOf(body.response_format),
    max_tokens: positiveInteger(body, "max_completion_tokens") ?? positiveInteger(body, "max_tokens"),
    n,
    stream: body.stream === true,
    include_usage: isObject(streamOptions) && streamOptions.include_usage === true,
    stop: stopOf(body.stop),
    body,
  };
}
