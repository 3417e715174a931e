import type { ChatToolCall, FinishedChoice } from "./chat-reply.js";

// The answers of `POST /v1/chat/completions` (SPEC v3 §2.2): the `chat.completion` object, and
// the same reply as Server-Sent Events of `chat.completion.chunk` objects.

/** Clipia's addition to OpenAI's shape (the docs' example). */
const PROVIDER = "Clipia";

/** What every answer of one completion shares. */
export interface CompletionHead {
  id: string;
  /** Unix seconds on the account's clock. */
  created: number;
  model: string;
}

interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

const wireCall = (call: ChatToolCall) => ({
  id: call.id,
  type: "function" as const,
  function: { name: call.name, arguments: call.arguments },
});

/** The `chat.completion` object. */
export function completionBody(head: CompletionHead, choices: readonly FinishedChoice[], usage: CompletionUsage) {
  return {
    id: head.id,
    object: "chat.completion",
    created: head.created,
    model: head.model,
    provider: PROVIDER,
    choices: choices.map((choice, index) => ({
      index,
      message: {
        role: "assistant",
        content: choice.content,
        refusal: null,
        ...(choice.tool_calls ? { tool_calls: choice.tool_calls.map(wireCall) } : {}),
      },
      finish_reason: choice.finish_reason,
      logprobs: null,
    })),
    usage,
  };
}

/**
 * Pieces a streamed text is sent in: a word with the spaces after it (so the deltas concatenate
 * to the text exactly); a tool call's arguments go in pieces of 8 characters.
 */
function textPieces(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/g) ?? [];
}

function argumentPieces(text: string): string[] {
  const pieces: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i += 8) pieces.push(chars.slice(i, i + 8).join(""));
  return pieces;
}

/**
 * The stream of one completion, as SSE frames (`data: …\n\n`): for each choice in turn, a first
 * chunk with the role (and an empty content), the content in pieces (or each tool call: its id and
 * name, then its arguments in pieces), and a chunk with the `finish_reason`; with `include_usage`,
 * a last chunk with `usage` and no choices (the others carry `usage: null`, as OpenAI's do); then
 * `data: [DONE]`. Every chunk has the completion's id.
 */
export function completionEvents(
  head: CompletionHead,
  choices: readonly FinishedChoice[],
  usage: CompletionUsage,
  includeUsage: boolean,
): string[] {
  const frames: string[] = [];
  const chunk = (choice: Record<string, unknown> | null, withUsage?: CompletionUsage) => {
    const body: Record<string, unknown> = {
      id: head.id,
      object: "chat.completion.chunk",
      created: head.created,
      model: head.model,
      provider: PROVIDER,
      choices: choice === null ? [] : [{ logprobs: null, finish_reason: null, ...choice }],
    };
    if (includeUsage) body.usage = withUsage ?? null;
    frames.push(`data: ${JSON.stringify(body)}\n\n`);
  };
  choices.forEach((choice, index) => {
    chunk({ index, delta: { role: "assistant", content: choice.tool_calls ? null : "", refusal: null } });
    for (const piece of textPieces(choice.content ?? "")) chunk({ index, delta: { content: piece } });
    (choice.tool_calls ?? []).forEach((call, callIndex) => {
      chunk({
        index,
        delta: {
          tool_calls: [
            { index: callIndex, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
          ],
        },
      });
      for (const piece of argumentPieces(call.arguments)) {
        chunk({ index, delta: { tool_calls: [{ index: callIndex, function: { arguments: piece } }] } });
      }
    });
    chunk({ index, delta: {}, finish_reason: choice.finish_reason });
  });
  if (includeUsage) chunk(null, usage);
  frames.push("data: [DONE]\n\n");
  return frames;
}
