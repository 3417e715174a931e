import type { Sandbox } from "@clipia/sandbox";
import OpenAI from "openai";
import { clientFor, thrown } from "./openai-client.js";
import { beforeAll, describe, expect, it } from "vitest";

// The stock `openai` npm package (v6), unchanged but for `baseURL` and the key, against the
// sandbox's AI gateway (SPEC v3 §2.2). Shared by the two transports: in process through MSW
// (openai-msw.test.ts) and over HTTP against the Node server (openai-server.test.ts).

/** Where the gateway is, and the sandbox behind it. */
export interface GatewayTarget {
  baseURL: string;
  sandbox: Sandbox;
}

const MODEL = "claude-opus-4-8";
const ASK: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: "system", content: "You are a concise assistant." },
  { role: "user", content: "Tell me three facts about Mars." },
];

const WEATHER_TOOL: OpenAI.Chat.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "The weather in a city.",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", minLength: 2 },
        days: { type: "integer", minimum: 1, maximum: 7 },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        hourly: { type: "boolean" },
        tags: { type: "array", items: { type: "string" }, minItems: 2 },
      },
      required: ["city", "days", "unit"],
      additionalProperties: false,
    },
  },
};

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export function gatewaySuite(name: string, start: () => Promise<GatewayTarget>): void {
  describe(`the stock openai SDK against the gateway (${name})`, () => {
    let target: GatewayTarget;
    let keys: { live: string; test: string; test_read_only: string };
    let accountId: string;
    beforeAll(async () => {
      target = await start();
      const created = target.sandbox.createAccount({ balance_credits: 1000 });
      keys = created.keys;
      accountId = created.account.account_id;
    });

    for (const environment of ["test", "live"] as const) {
      describe(`with a ${environment} key`, () => {
        const client = () => clientFor(target, keys[environment]);

        it("a plain completion: chat.completion, provider Clipia, usage", async () => {
          const completion = await client().chat.completions.create({
            model: MODEL,
            messages: ASK,
            temperature: 0.7,
            max_tokens: 512,
          });
          expect(completion.id).toMatch(/^chatcmpl-[0-9a-f]{12}$/);
          expect(completion.object).toBe("chat.completion");
          expect(completion.model).toBe(MODEL);
          expect((completion as unknown as { provider: string }).provider).toBe("Clipia");
          expect(completion.choices).toHaveLength(1);
          expect(completion.choices[0]?.message.role).toBe("assistant");
          expect(completion.choices[0]?.message.content).toContain("Mars");
          expect(completion.choices[0]?.finish_reason).toBe("stop");
          const usage = completion.usage!;
          expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
          expect(usage.prompt_tokens).toBeGreaterThan(0);
        });

        it("streamed: the deltas concatenate to the plain content; include_usage gives the usage chunk", async () => {
          const plain = await client().chat.completions.create({ model: MODEL, messages: ASK });
          const stream = await client().chat.completions.create({
            model: MODEL,
            messages: ASK,
            stream: true,
            stream_options: { include_usage: true },
          });
          let content = "";
          const ids = new Set<string>();
          const finishes: string[] = [];
          let role: string | undefined;
          let usage: OpenAI.CompletionUsage | null | undefined;
          let chunks = 0;
          for await (const chunk of stream) {
            chunks += 1;
            ids.add(chunk.id);
            role ??= chunk.choices[0]?.delta.role;
            content += chunk.choices[0]?.delta.content ?? "";
            const finish = chunk.choices[0]?.finish_reason;
            if (finish) finishes.push(finish);
            if (chunk.usage) usage = chunk.usage;
          }
          expect(chunks).toBeGreaterThan(3);
          expect(ids.size).toBe(1);
          expect(role).toBe("assistant");
          expect(content).toBe(plain.choices[0]?.message.content);
          expect(finishes).toEqual(["stop"]);
          expect(usage).toEqual(plain.usage);
        });

        it("the SDK's stream helper accumulates the same completion", async () => {
          const plain = await client().chat.completions.create({ model: MODEL, messages: ASK });
          const final = await client().chat.completions.stream({ model: MODEL, messages: ASK }).finalChatCompletion();
          expect(final.choices[0]?.message.content).toBe(plain.choices[0]?.message.content);
          expect(final.choices[0]?.finish_reason).toBe("stop");
        });

        it("tools: a two-step agent loop (tool call → tool result → text answer), offline", async () => {
          const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
            { role: "user", content: "What is the weather in Paris this week?" },
          ];
          const first = await client().chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
          const choice = first.choices[0]!;
          expect(choice.finish_reason).toBe("tool_calls");
          const call = choice.message.tool_calls?.[0];
          if (call?.type !== "function") throw new Error("expected a function tool call");
          expect(call.id).toMatch(/^call_[0-9a-f]+$/);
          expect(call.function.name).toBe("get_weather");
          // The arguments satisfy the tool's schema: required fields, types, bounds, enum, minItems.
          const args = JSON.parse(call.function.arguments);
          expect(Object.keys(args).sort()).toEqual(["city", "days", "hourly", "tags", "unit"]);
          expect(typeof args.city).toBe("string");
          expect(args.city.length).toBeGreaterThanOrEqual(2);
          expect(Number.isInteger(args.days) && args.days >= 1 && args.days <= 7).toBe(true);
          expect(["celsius", "fahrenheit"]).toContain(args.unit);
          expect(typeof args.hourly).toBe("boolean");
          expect(args.tags.length).toBeGreaterThanOrEqual(2);

          messages.push(choice.message, {
            role: "tool",
            tool_call_id: call.id,
            content: '{"forecast":"sunny, 21 °C"}',
          });
          const second = await client().chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
          expect(second.choices[0]?.finish_reason).toBe("stop");
          expect(second.choices[0]?.message.tool_calls ?? []).toEqual([]);
          expect(second.choices[0]?.message.content).toContain("sunny");
        });

        it("tools streamed: the SDK accumulates the tool call from its deltas", async () => {
          const forced = await client().chat.completions.create({
            model: MODEL,
            messages: ASK,
            tools: [WEATHER_TOOL],
            tool_choice: { type: "function", function: { name: "get_weather" } },
          });
          const final = await client()
            .chat.completions.stream({
              model: MODEL,
              messages: ASK,
              tools: [WEATHER_TOOL],
              tool_choice: { type: "function", function: { name: "get_weather" } },
            })
            .finalChatCompletion();
          expect(final.choices[0]?.finish_reason).toBe("tool_calls");
          expect(final.choices[0]?.message.tool_calls).toEqual(forced.choices[0]?.message.tool_calls);
        });

        it("response_format json_schema: the content parses and satisfies the schema; json_object parses", async () => {
          const completion = await client().chat.completions.create({
            model: MODEL,
            messages: ASK,
            response_format: {
              type: "json_schema",
              json_schema: {
                name: "facts",
                strict: true,
                schema: {
                  type: "object",
                  properties: {
                    planet: { const: "Mars" },
                    facts: { type: "array", items: { type: "string" }, minItems: 3, maxItems: 3 },
                    moons: { type: "integer", minimum: 2, maximum: 2 },
                    rating: { type: "number", exclusiveMinimum: 0, maximum: 10 },
                  },
                  required: ["planet", "facts", "moons", "rating"],
                  additionalProperties: false,
                },
              },
            },
          });
          const value = JSON.parse(completion.choices[0]?.message.content ?? "");
          expect(value.planet).toBe("Mars");
          expect(value.facts).toHaveLength(3);
          expect(value.facts.every((fact: unknown) => typeof fact === "string")).toBe(true);
          expect(value.moons).toBe(2);
          expect(value.rating > 0 && value.rating <= 10).toBe(true);
          expect(Object.keys(value).sort()).toEqual(["facts", "moons", "planet", "rating"]);

          const object = await client().chat.completions.create({
            model: MODEL,
            messages: ASK,
            response_format: { type: "json_object" },
          });
          const parsed = JSON.parse(object.choices[0]?.message.content ?? "");
          expect(parsed).toBeTypeOf("object");
          expect(Array.isArray(parsed)).toBe(false);
        });

        it("n: 2 gives two choices; max_tokens below the reply truncates with finish_reason length", async () => {
          const two = await client().chat.completions.create({ model: MODEL, messages: ASK, n: 2 });
          expect(two.choices.map((c) => c.index)).toEqual([0, 1]);
          expect(two.choices[0]?.message.content).not.toBe(two.choices[1]?.message.content);

          const full = await client().chat.completions.create({ model: MODEL, messages: ASK });
          const cut = await client().chat.completions.create({ model: MODEL, messages: ASK, max_completion_tokens: 2 });
          expect(cut.choices[0]?.finish_reason).toBe("length");
          expect(cut.usage?.completion_tokens).toBe(2);
          expect(full.choices[0]?.message.content?.startsWith(cut.choices[0]?.message.content ?? "?")).toBe(true);
          expect(cut.choices[0]?.message.content?.length).toBeLessThan(full.choices[0]?.message.content?.length ?? 0);
        });
      });
    }

    it("every error maps to the SDK's own class", async () => {
      const test = clientFor(target, keys.test);
      const notFound = await thrown(test.chat.completions.create({ model: "no-such-model", messages: ASK }));
      expect(notFound).toBeInstanceOf(OpenAI.NotFoundError);
      expect((notFound as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("not_found");

      const generationModel = await thrown(test.chat.completions.create({ model: "nano-banana-2", messages: ASK }));
      expect(generationModel).toBeInstanceOf(OpenAI.BadRequestError);
      const noMessages = await thrown(test.chat.completions.create({ model: MODEL, messages: [] }));
      expect(noMessages).toBeInstanceOf(OpenAI.BadRequestError);
      expect((noMessages as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("invalid_request");
      const tooMany = await thrown(test.chat.completions.create({ model: MODEL, messages: ASK, n: 9 }));
      expect(tooMany).toBeInstanceOf(OpenAI.BadRequestError);

      const unknownKey = `clipia_test_${"Z".repeat(32)}`;
      const unauthenticated = await thrown(
        clientFor(target, unknownKey).chat.completions.create({ model: MODEL, messages: ASK }),
      );
      expect(unauthenticated).toBeInstanceOf(OpenAI.AuthenticationError);

      const readOnly = await thrown(
        clientFor(target, keys.test_read_only).chat.completions.create({ model: MODEL, messages: ASK }),
      );
      expect(readOnly).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect((readOnly as InstanceType<typeof OpenAI.PermissionDeniedError>).code).toBe("insufficient_scope");

      const poor = target.sandbox.createAccount({ balance_credits: 0 }).keys.live;
      const unpaid = await thrown(clientFor(target, poor).chat.completions.create({ model: MODEL, messages: ASK }));
      expect(unpaid).toBeInstanceOf(OpenAI.APIError);
      expect((unpaid as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
      expect((unpaid as InstanceType<typeof OpenAI.APIError>).code).toBe("insufficient_credits");

      const slow = target.sandbox.createKey(accountId, {
        name: "one a minute",
        environment: "test",
        rate_limit: { requests: 1, interval: "1m" },
      }).secret;
      await clientFor(target, slow).chat.completions.create({ model: MODEL, messages: ASK });
      const limited = await thrown(clientFor(target, slow).chat.completions.create({ model: MODEL, messages: ASK }));
      expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
      const headers = (limited as InstanceType<typeof OpenAI.RateLimitError>).headers;
      expect(headers.get("retry-after")).toMatch(/^\d+$/);
      expect(headers.get("ratelimit-remaining")).toBe("0");

      // A streamed request is refused the same way, before any event.
      const streamed = await thrown(
        test.chat.completions.create({ model: "no-such-model", messages: ASK, stream: true }),
      );
      expect(streamed).toBeInstanceOf(OpenAI.NotFoundError);
    });

    it("billing: live is charged exactly /v1/generation's total_cost (fractional), test nothing", async () => {
      const account = target.sandbox.createAccount({ balance_credits: 50 });
      const budgeted = target.sandbox.createKey(account.account.account_id, {
        name: "budgeted",
        environment: "live",
        credit_limit: 10,
      }).secret;
      const live = clientFor(target, budgeted);
      const test = clientFor(target, account.keys.test);
      type Generation = {
        data: { id: string; total_cost: number; tokens_prompt: number; tokens_completion: number; streamed: boolean };
      };
      const generation = (client: OpenAI, id: string) => client.get<Generation>("/generation", { query: { id } });
      const balance = async () => (await live.get<{ balance: { credits: number } }>("/account")).balance.credits;

      const charged = await live.chat.completions.create({ model: MODEL, messages: ASK });
      const cost = (await generation(live, charged.id)).data;
      expect(cost.id).toBe(charged.id);
      expect(cost.tokens_prompt).toBe(charged.usage?.prompt_tokens);
      expect(cost.tokens_completion).toBe(charged.usage?.completion_tokens);
      expect(cost.streamed).toBe(false);
      expect(Number.isInteger(cost.total_cost)).toBe(false);
      expect(await balance()).toBe(round6(50 - cost.total_cost));

      // A streamed live completion is charged too, and its record says so.
      const stream = await live.chat.completions.create({ model: MODEL, messages: ASK, stream: true });
      let streamId = "";
      for await (const chunk of stream) streamId = chunk.id;
      const streamedCost = (await generation(live, streamId)).data;
      expect(streamedCost.streamed).toBe(true);
      const spent = round6(cost.total_cost + streamedCost.total_cost);
      expect(await balance()).toBe(round6(50 - spent));

      const key = await live.get<{ data: { usage: number; limit: number; limit_remaining: number } }>("/key");
      expect(key.data.usage).toBe(spent);
      expect(key.data.limit_remaining).toBe(round6(10 - spent));
      const usage = await live.get<{ usage_30d: { requests: number; credits_spent: number } }>("/account");
      expect(usage.usage_30d).toEqual({ requests: 2, credits_spent: spent });

      // A test key: nothing charged, but total_cost shows what live would pay.
      const free = await test.chat.completions.create({ model: MODEL, messages: ASK });
      expect((await generation(test, free.id)).data.total_cost).toBe(cost.total_cost);
      expect(await balance()).toBe(round6(50 - spent));
      // The test completion is the test environment's: a live key does not see it.
      expect(await thrown(generation(live, free.id))).toBeInstanceOf(OpenAI.NotFoundError);
    });

    it("client.models.list() yields an id for every catalog entry, text models included", async () => {
      const ids: string[] = [];
      for await (const model of clientFor(target, keys.test).models.list()) ids.push(model.id);
      expect(ids.length).toBeGreaterThan(10);
      expect(ids.every((id) => typeof id === "string" && id !== "")).toBe(true);
      expect(ids).toEqual(expect.arrayContaining(["claude-opus-4-8", "gpt-5.5", "claude-sonnet-4-6", "nano-banana-2"]));
    });
  });
}
