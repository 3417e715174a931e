// Chat in process: the stock `openai` SDK against the sandbox's MSW handlers, no server and no
// network. The handlers answer https://api.clipia.ai, so the code is the production code.
//   npx tsx chat-msw.ts
import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";
import OpenAI from "openai";

const sandbox = createSandbox(); // answers https://api.clipia.ai and http://127.0.0.1:4010
const server = setupServer(...sandbox.handlers);
server.listen({ onUnhandledRequest: "error" });

const openai = new OpenAI({ apiKey: sandbox.keys.test, baseURL: "https://api.clipia.ai/v1" });
const completion = await openai.chat.completions.create({
  model: "gpt-5.5",
  messages: [{ role: "user", content: "Say hello to the sandbox" }],
});
console.log(completion.choices[0]?.message.content);

// Scripted replies drive an agent loop step by step, in an account of its own: a tool call, then
// (after the tool's result) the answer. The default replies resume once the script is used up.
const { account, keys } = sandbox.createAccount();
const accountId = account.account_id;
sandbox.scriptChatReplies({
  account_id: accountId,
  replies: [
    { tool_calls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
    { content: "It is 21 °C in Paris." },
  ],
});
const agent = new OpenAI({ apiKey: keys.test, baseURL: "https://api.clipia.ai/v1" });
const tools: OpenAI.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];
const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "The weather in Paris?" }];
const step1 = await agent.chat.completions.create({ model: "gpt-5.5", messages, tools });
const call = step1.choices[0]?.message.tool_calls?.[0];
if (call?.type !== "function" || JSON.parse(call.function.arguments).city !== "Paris")
  throw new Error("expected the scripted tool call");
messages.push(step1.choices[0]!.message, { role: "tool", tool_call_id: call.id, content: '{"celsius":21}' });
const step2 = await agent.chat.completions.create({ model: "gpt-5.5", messages, tools });
if (step2.choices[0]?.message.content !== "It is 21 °C in Paris.") throw new Error("expected the scripted answer");
console.log(
  `scripted agent loop: ${call.function.name}(${call.function.arguments}) → ${step2.choices[0].message.content}`,
);

server.close();
if (!/^chatcmpl-[0-9a-f]{12}$/.test(completion.id) || !completion.choices[0]?.message.content)
  throw new Error("expected a chat.completion with content");
// The same request gives the same reply (SPEC §2.2): a test can assert on it.
console.log(`chat in process: ${completion.id}, ${completion.usage?.total_tokens} tokens`);
