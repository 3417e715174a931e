import type { RemoteSandbox, Sandbox } from "@clipia/sandbox";
import OpenAI from "openai";
import { clientFor, thrown } from "./openai-client.js";
import { beforeAll, describe, expect, it } from "vitest";

// Scripted chat replies (SPEC v3 §5.4) seen through the stock `openai` npm package, on both
// transports: in process through MSW with the sandbox object as control plane
// (scripted-replies-msw.test.ts), and against the Node server with `connectSandbox`
// (scripted-replies-server.test.ts).

/** Where the gateway is, and the control plane that scripts it. */
export interface ScriptTarget {
  baseURL: string;
  control: Sandbox | RemoteSandbox;
}

const MODEL = "claude-opus-4-8";
const WEATHER_TOOL: OpenAI.Chat.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city", "unit"],
    },
  },
};
const ASK: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "What is the weather in Paris?" }];

/**
 * A minimal agent: asks, runs every tool call it gets (the weather is always 21 °C) and asks
 * again, until the model answers with text. Answers the steps' finish reasons and the tool calls.
 */
async function agentLoop(client: OpenAI) {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [...ASK];
  const calls: OpenAI.Chat.ChatCompletionMessageFunctionToolCall[] = [];
  const finishReasons: string[] = [];
  for (let step = 0; step < 4; step++) {
    const completion = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
    const choice = completion.choices[0]!;
    finishReasons.push(choice.finish_reason);
    messages.push(choice.message);
    const toolCalls = (choice.message.tool_calls ?? []).filter((call) => call.type === "function");
    if (toolCalls.length === 0) return { answer: choice.message.content, calls, finishReasons };
    for (const call of toolCalls) {
      calls.push(call);
      messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify({ celsius: 21 }) });
    }
  }
  throw new Error("the agent loop did not end with a text answer");
}

export function scriptedRepliesSuite(name: string, start: () => Promise<ScriptTarget>): void {
  describe(`scripted chat replies through the stock openai SDK (${name})`, () => {
    let target: ScriptTarget;
    beforeAll(async () => {
      target = await start();
    });
    /** A fresh account (so scripts of one test never reach another) and its keys' clients. */
    const account = async (balance = 1000) => {
      const created = await target.control.createAccount({ balance_credits: balance });
      return {
        id: created.account.account_id,
        test: clientFor(target, created.keys.test),
        live: clientFor(target, created.keys.live),
      };
    };
    const ask = (client: OpenAI, extra: Partial<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming> = {}) =>
      client.chat.completions.create({ model: MODEL, messages: ASK, ...extra });

    it("a two-step agent loop with scripted replies: the scripted tool call, then the scripted answer", async () => {
      const { id, test } = await account();
      const script = await target.control.scriptChatReplies({
        account_id: id,
        replies: [
          { tool_calls: [{ name: "get_weather", arguments: { city: "Paris", unit: "celsius" } }] },
          { content: "It is 21 °C in Paris." },
        ],
      });
      expect(script.id).toMatch(/^rpl_/);
      expect(script.replies.map((reply) => reply.finish_reason)).toEqual(["tool_calls", "stop"]);

      const run = await agentLoop(test);
      expect(run.finishReasons).toEqual(["tool_calls", "stop"]);
      expect(run.calls).toHaveLength(1);
      expect(run.calls[0]?.id).toMatch(/^call_[0-9a-f]{24}$/);
      expect(run.calls[0]?.function).toEqual({ name: "get_weather", arguments: '{"city":"Paris","unit":"celsius"}' });
      expect(run.answer).toBe("It is 21 °C in Paris.");
      // The script is used up: the default replies resume.
      expect((await ask(test)).choices[0]?.message.content).toMatch(/^Sandbox reply to: /);
    });

    it("the same loop with the default replies: a schema-valid tool call, then a text answer", async () => {
      const { test } = await account();
      const run = await agentLoop(test);
      expect(run.finishReasons).toEqual(["tool_calls", "stop"]);
      const args = JSON.parse(run.calls[0]?.function.arguments ?? "") as Record<string, unknown>;
      expect(typeof args.city).toBe("string");
      expect(["celsius", "fahrenheit"]).toContain(args.unit);
      expect(run.answer).toMatch(/^Sandbox reply after the tool result: /);
    });

    it("an error reply maps to the SDK's error class, with the scripted code and message, and charges nothing", async () => {
      const { id, live } = await account();
      await target.control.scriptChatReplies({
        account_id: id,
        replies: [
          { error: { status: 429, code: "rate_limit_exceeded", message: "The provider is busy." } },
          { error: { status: 503, code: "service_unavailable" } },
          { error: { status: 400, code: "invalid_request", message: "Context too long." } },
        ],
      });
      const balance = async () => (await live.get<{ balance: { credits: number } }>("/account")).balance.credits;
      const before = await balance();

      const busy = (await thrown(ask(live))) as InstanceType<typeof OpenAI.RateLimitError>;
      expect(busy).toBeInstanceOf(OpenAI.RateLimitError);
      expect(busy.status).toBe(429);
      expect(busy.code).toBe("rate_limit_exceeded");
      expect(busy.message).toContain("The provider is busy.");
      expect(busy.headers.get("retry-after")).toBe("1");
      const down = (await thrown(ask(live, { stream: false }))) as InstanceType<typeof OpenAI.InternalServerError>;
      expect(down).toBeInstanceOf(OpenAI.InternalServerError);
      expect(down.status).toBe(503);
      expect(down.message).toContain("Scripted sandbox reply: 503 service_unavailable.");
      // A streamed request gets the error before any event, as a plain JSON answer.
      const streamed = await thrown(live.chat.completions.create({ model: MODEL, messages: ASK, stream: true }));
      expect(streamed).toBeInstanceOf(OpenAI.BadRequestError);
      expect((streamed as InstanceType<typeof OpenAI.BadRequestError>).message).toContain("Context too long.");

      expect(await balance()).toBe(before);
      expect((await ask(live)).choices[0]?.finish_reason).toBe("stop");
      expect(await balance()).toBeLessThan(before);
    });

    it("matches the account: another account's completions get the default replies and leave the script", async () => {
      const mine = await account();
      const theirs = await account();
      await target.control.scriptChatReplies({ account_id: mine.id, replies: [{ content: "Only for mine." }] });
      expect((await ask(theirs.test)).choices[0]?.message.content).toMatch(/^Sandbox reply to: /);
      // Either key of the account takes it.
      expect((await ask(mine.live)).choices[0]?.message.content).toBe("Only for mine.");
      expect((await ask(mine.test)).choices[0]?.message.content).toMatch(/^Sandbox reply to: /);
    });

    it("matches the model, given by id or slug: another model's completions leave the script", async () => {
      const { id, test } = await account();
      const bySlug = await target.control.scriptChatReplies({
        account_id: id,
        model: "anthropic/claude-sonnet-4.6",
        replies: [{ content: "Sonnet, scripted." }],
      });
      expect(bySlug.model).toBe("claude-sonnet-4-6");
      expect((await ask(test)).choices[0]?.message.content).toMatch(/^Sandbox reply to: /);
      const sonnet = await ask(test, { model: "anthropic/claude-sonnet-4.6" });
      expect(sonnet.choices[0]?.message.content).toBe("Sonnet, scripted.");
      expect((await ask(test, { model: "claude-sonnet-4-6" })).choices[0]?.message.content).toMatch(/^Sandbox/);
    });

    it("answers in order, one reply per completion, across scripts (the oldest first), then the defaults", async () => {
      const { id, test } = await account();
      await target.control.scriptChatReplies({ account_id: id, replies: [{ content: "one" }, { content: "two" }] });
      await target.control.scriptChatReplies({ account_id: id, replies: [{ content: "three" }] });
      const contents: Array<string | null | undefined> = [];
      for (let i = 0; i < 4; i++) contents.push((await ask(test)).choices[0]?.message.content);
      expect(contents.slice(0, 3)).toEqual(["one", "two", "three"]);
      expect(contents[3]).toMatch(/^Sandbox reply to: /);
    });

    it("n > 1: every choice gets the one scripted reply (tool call ids per choice); one reply is used", async () => {
      const { id, test } = await account();
      await target.control.scriptChatReplies({
        account_id: id,
        replies: [{ tool_calls: [{ name: "get_weather", arguments: '{"city": "Oslo"}' }] }, { content: "next" }],
      });
      const completion = await ask(test, { n: 3, tools: [WEATHER_TOOL] });
      expect(completion.choices).toHaveLength(3);
      const calls = completion.choices.map((choice) => choice.message.tool_calls?.[0]);
      const functions = calls.map((call) => (call?.type === "function" ? call.function : undefined));
      // A string of JSON is sent as given.
      expect(functions).toEqual(Array(3).fill({ name: "get_weather", arguments: '{"city": "Oslo"}' }));
      expect(new Set(calls.map((call) => call?.id)).size).toBe(3);
      expect((await ask(test)).choices[0]?.message.content).toBe("next");
    });

    it("finish_reason: as scripted, else from the reply; max_tokens still cuts (length)", async () => {
      const { id, test } = await account();
      await target.control.scriptChatReplies({
        account_id: id,
        replies: [
          { content: "", finish_reason: "content_filter" },
          { content: "A long scripted answer that the token limit cuts.", finish_reason: "stop" },
        ],
      });
      const filtered = await ask(test);
      expect(filtered.choices[0]).toMatchObject({ finish_reason: "content_filter", message: { content: "" } });
      const cut = await ask(test, { max_tokens: 2 });
      expect(cut.choices[0]).toMatchObject({ finish_reason: "length", message: { content: "A long s" } });
      expect(cut.usage?.completion_tokens).toBe(2);
    });

    it("a scripted reply is streamed like a default one and billed by its tokens", async () => {
      const { id, live } = await account();
      const content = "Streamed and scripted: the deltas add up to this.";
      await target.control.scriptChatReplies({
        account_id: id,
        replies: [{ content }, { tool_calls: [{ name: "get_weather", arguments: { city: "Rome", unit: "celsius" } }] }],
      });
      const stream = await live.chat.completions.create({
        model: MODEL,
        messages: ASK,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = "";
      let deltas = 0;
      let usage: OpenAI.CompletionUsage | null | undefined;
      let chatId = "";
      for await (const chunk of stream) {
        chatId = chunk.id;
        const delta = chunk.choices[0]?.delta.content;
        if (delta) {
          text += delta;
          deltas += 1;
        }
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toBe(content);
      expect(deltas).toBeGreaterThan(1);
      expect(usage?.completion_tokens).toBe(Math.ceil([...content].length / 4));
      type Generation = { data: { total_cost: number; tokens_completion: number; streamed: boolean } };
      const cost = (await live.get<Generation>("/generation", { query: { id: chatId } })).data;
      expect(cost).toMatchObject({ tokens_completion: usage?.completion_tokens, streamed: true });
      expect(cost.total_cost).toBeGreaterThan(0);

      const final = await live.chat.completions
        .stream({ model: MODEL, messages: ASK, tools: [WEATHER_TOOL] })
        .finalChatCompletion();
      expect(final.choices[0]?.finish_reason).toBe("tool_calls");
      const call = final.choices[0]?.message.tool_calls?.[0];
      expect(call?.type === "function" && call.function).toEqual({
        name: "get_weather",
        arguments: '{"city":"Rome","unit":"celsius"}',
      });
    });

    it("a request refused by its own checks leaves the scripted reply for the next one", async () => {
      const { id, test } = await account();
      await target.control.scriptChatReplies({ account_id: id, replies: [{ content: "kept" }] });
      expect(await thrown(ask(test, { model: "no-such-model" }))).toBeInstanceOf(OpenAI.NotFoundError);
      expect((await ask(test)).choices[0]?.message.content).toBe("kept");
    });

    it("an account reset drops its pending scripted replies", async () => {
      const { id, test } = await account();
      await target.control.scriptChatReplies({ account_id: id, replies: [{ content: "dropped" }] });
      await target.control.reset({ account_id: id });
      expect((await ask(test)).choices[0]?.message.content).toMatch(/^Sandbox reply to: /);
    });
  });
}
