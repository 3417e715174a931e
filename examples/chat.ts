// Chat through Clipia's AI gateway with the stock `openai` SDK (v6): plain, streamed, tools in an
// agent loop, structured output, errors, and the cost with `clipia.generation.retrieve`. Against
// a sandbox server, with its test key (the same code runs against the live API with a live key):
//   CLIPIA_BASE_URL=http://127.0.0.1:4010 CLIPIA_API_KEY=clipia_test_… npx tsx chat.ts
import assert from "node:assert/strict";
import { connectSandbox } from "@clipia/sandbox";
import Clipia from "@clipia/sdk";
import OpenAI from "openai";

// A sandbox server (`npx -p @clipia/sandbox clipia-sandbox`) or the live API: only the URL and the key change.
const baseUrl = process.env.CLIPIA_BASE_URL ?? "https://api.clipia.ai";
const openai = new OpenAI({ apiKey: process.env.CLIPIA_API_KEY, baseURL: `${baseUrl}/v1` });
const clipia = new Clipia(); // reads CLIPIA_API_KEY and CLIPIA_BASE_URL

const completion = await openai.chat.completions.create({
  model: "gpt-5.5",
  messages: [{ role: "user", content: "Three facts about Mars, please." }],
});
console.log(completion.choices[0]?.message.content);

// The cost, once the completion is done: fractional credits (a test key is charged nothing).
const cost = await clipia.generation.retrieve(completion.id);
console.log(cost.total_cost, cost.tokens_prompt, cost.tokens_completion);

assert.equal(cost.id, completion.id);
assert.equal(cost.tokens_completion, completion.usage?.completion_tokens);
assert.ok(cost.total_cost > 0);

// Streamed: Server-Sent Events of chat.completion.chunk; `include_usage` adds a last chunk with the usage.
const stream = await openai.chat.completions.create({
  model: "gpt-5.5",
  messages: [{ role: "user", content: "Write a haiku about the sea." }],
  stream: true,
  stream_options: { include_usage: true },
});
let text = "";
let streamedId = "";
for await (const chunk of stream) {
  streamedId = chunk.id;
  text += chunk.choices[0]?.delta.content ?? "";
  if (chunk.usage) console.log(`${chunk.usage.total_tokens} tokens`); // the last chunk: its `choices` are empty
}
console.log(text);

const streamedCost = await clipia.generation.retrieve(streamedId);
assert.equal(streamedCost.streamed, true);
assert.ok(text.length > 0);

// Tools: the model asks for a call, the code answers it, the model answers with text.
const tools: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "The weather in a city.",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];
const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "user", content: "The weather in Paris?" }];
let answer: string | null = null;
for (let turn = 0; turn < 5 && answer === null; turn++) {
  const reply = await openai.chat.completions.create({ model: "gpt-5.5", messages, tools });
  const message = reply.choices[0]!.message;
  messages.push(message);
  if (!message.tool_calls?.length) answer = message.content;
  for (const call of message.tool_calls ?? []) {
    if (call.type !== "function") continue;
    const { city } = JSON.parse(call.function.arguments) as { city: string };
    messages.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify({ city, forecast: "sunny, 21 °C" }) });
  }
}
console.log(answer);

// A user turn, the tool call, its result, the text answer.
assert.deepEqual(
  messages.map((message) => message.role),
  ["user", "assistant", "tool", "assistant"],
);
assert.ok(answer);

// Structured output: the content parses as JSON, valid against the schema.
const structured = await openai.chat.completions.create({
  model: "gpt-5.5",
  messages: [{ role: "user", content: "Three facts about Mars." }],
  response_format: {
    type: "json_schema",
    json_schema: {
      name: "facts",
      strict: true,
      schema: {
        type: "object",
        properties: { planet: { type: "string" }, facts: { type: "array", items: { type: "string" } } },
        required: ["planet", "facts"],
        additionalProperties: false,
      },
    },
  },
});
const facts = JSON.parse(structured.choices[0]?.message.content ?? "{}") as { planet: string; facts: string[] };
console.log(facts.planet, facts.facts);

assert.equal(typeof facts.planet, "string");
assert.ok(Array.isArray(facts.facts));

// Errors are the openai SDK's classes, with the status and Clipia's `code`.
async function ask(client: OpenAI, model: string): Promise<string> {
  try {
    const reply = await client.chat.completions.create({ model, messages: [{ role: "user", content: "Hi" }] });
    return reply.choices[0]?.message.content ?? "";
  } catch (error) {
    if (error instanceof OpenAI.NotFoundError) return `no model ${model} (${error.code}): see GET /v1/models`;
    if (error instanceof OpenAI.APIError && error.status === 402) return `out of credits (${error.code})`;
    if (error instanceof OpenAI.APIError && error.status === 401) return `a wrong or revoked key (${error.code})`;
    throw error;
  }
}
console.log(await ask(openai, "no-such-model"));
console.log(await ask(new OpenAI({ apiKey: "clipia_test_notakey", baseURL: `${baseUrl}/v1` }), "gpt-5.5"));

assert.match(await ask(openai, "no-such-model"), /\(not_found\)/);
assert.match(
  await ask(new OpenAI({ apiKey: "clipia_test_notakey", baseURL: `${baseUrl}/v1` }), "gpt-5.5"),
  /\(invalid_api_key\)/,
);
// 402: a live key of an account without credits (a sandbox account made for the purpose).
const empty = await connectSandbox(baseUrl).createAccount({ balance_credits: 0 });
const broke = new OpenAI({ apiKey: empty.keys.live, baseURL: `${baseUrl}/v1` });
assert.match(await ask(broke, "gpt-5.5"), /^out of credits \(insufficient_credits\)$/);
console.log(`chat: ${completion.id} cost ${cost.total_cost} credits; the agent loop answered "${answer}"`);
