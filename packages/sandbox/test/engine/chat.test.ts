import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { defaultChatReply, finishChoice, promptTokens } from "../../src/engine/chat-reply.js";
import { parseChatRequest } from "../../src/engine/chat-request.js";
import { roundCredits } from "../../src/engine/credit-amount.js";
import { valueForSchema } from "../../src/engine/json-schema-value.js";

// The gateway's engine (SPEC v3 §2.2 D): the schema-value generator, the token approximation,
// truncation and stop sequences, credit rounding, and the chat records in snapshots and resets.

const BASE = "https://api.clipia.ai";

async function chat(sandbox: Sandbox, key: string, body: Record<string, unknown>) {
  const response = await sandbox.fetch(`${BASE}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "claude-opus-4-8", messages: [{ role: "user", content: "hi" }], ...body }),
  });
  return { status: response.status, text: await response.text() };
}

async function generation(sandbox: Sandbox, key: string, id: string) {
  const response = await sandbox.fetch(`${BASE}/v1/generation?id=${id}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe("valueForSchema", () => {
  it("fills objects (every property, required ones without a description too), bounds, enums, consts", () => {
    expect(
      valueForSchema({
        type: "object",
        properties: {
          name: { type: "string", minLength: 20 },
          short: { type: "string", maxLength: 3 },
          when: { type: "string", format: "date-time" },
          count: { type: "integer", minimum: 5, maximum: 9 },
          ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
          step: { type: "integer", minimum: 7, multipleOf: 5 },
          flag: { type: "boolean" },
          kind: { enum: ["b", "a"] },
          fixed: { const: 42 },
          maybe: { type: ["null", "string"] },
          list: { type: "array", items: { type: "integer", maximum: -3 }, minItems: 2 },
          nothing: { type: "null" },
        },
        required: ["name", "undescribed"],
      }),
    ).toEqual({
      name: "sample namexxxxxxxxx",
      short: "sam",
      when: "2026-01-01T00:00:00Z",
      count: 5,
      ratio: 0.5,
      step: 10,
      flag: true,
      kind: "b",
      fixed: 42,
      maybe: "sample maybe",
      list: [-3, -3],
      nothing: null,
      undescribed: "sample undescribed",
    });
  });

  it("follows local $refs, takes the first anyOf/oneOf branch and merges allOf", () => {
    expect(
      valueForSchema({
        $defs: { point: { type: "object", properties: { x: { type: "integer" } }, required: ["x"] } },
        type: "object",
        properties: {
          at: { $ref: "#/$defs/point" },
          either: { anyOf: [{ type: "boolean" }, { type: "string" }] },
          one: { oneOf: [{ const: "first" }, { const: "second" }] },
          both: { allOf: [{ properties: { a: { type: "integer" } } }, { properties: { b: { type: "boolean" } } }] },
        },
      }),
    ).toEqual({ at: { x: 1 }, either: true, one: "first", both: { a: 1, b: true } });
  });

  it("gives the same value every time and survives hostile schemas", () => {
    const schema = { type: "object", properties: { self: { $ref: "#" } } };
    expect(valueForSchema(schema)).toEqual(valueForSchema(schema));
    expect(valueForSchema(null)).toBe("sample value");
    expect(valueForSchema({ type: "array", maxItems: 0 })).toEqual([]);
  });
});

describe("tokens, truncation and stop sequences", () => {
  const request = parseChatRequest({
    model: "claude-opus-4-8",
    messages: [
      { role: "system", content: "12345678" },
      { role: "user", content: [{ type: "text", text: "abcd" }, { type: "image_url" }] },
    ],
  });

  it("prompt_tokens = 3 + Σ (3 + ⌈characters / 4⌉)", () => {
    expect(promptTokens(request)).toBe(3 + (3 + 2) + (3 + 1));
  });

  it("a limit cuts the content to 4 characters a token, finish_reason length; a stop sequence ends it", () => {
    expect(finishChoice({ content: "abcdefghij" }, [], 2)).toEqual({
      content: "abcdefgh",
      finish_reason: "length",
      completion_tokens: 2,
    });
    expect(finishChoice({ content: "abcdefghij" }, ["ef", "c"], null)).toEqual({
      content: "ab",
      finish_reason: "stop",
      completion_tokens: 1,
    });
    const call = { id: "call_1", name: "f", arguments: '{"a":"long value"}' };
    const cut = finishChoice({ content: null, tool_calls: [call] }, [], 2);
    expect(cut.finish_reason).toBe("length");
    expect(cut.tool_calls?.[0]?.arguments).toBe('{"a":"l');
  });

  it("the default reply is a pure function of the request", () => {
    const context = { choice: 0, account_id: "a", environment: "test" as const };
    expect(defaultChatReply(request, context)).toEqual(defaultChatReply(structuredClone(request), context));
    expect(defaultChatReply(request, context)?.content).toBe("Sandbox reply to: abcd");
    expect(defaultChatReply(request, { ...context, choice: 1 })?.content).toBe("Sandbox reply #2 to: abcd");
  });
});

describe("credit amounts", () => {
  it("are rounded to 6 decimals where sums are made", () => {
    expect(roundCredits(0.1 + 0.2)).toBe(0.3);
    expect(roundCredits(1000 - 0.0000004)).toBe(1000);
    expect(roundCredits(-0.0000001)).toBe(0);
  });

  it("a live key's budget is never overspent: what is left cuts the reply rather than go below zero", async () => {
    const sandbox = createSandbox({ seed: 3 });
    const account = sandbox.createAccount({ balance_credits: 100 });
    const key = sandbox.createKey(account.account.account_id, { name: "tiny", environment: "live", credit_limit: 1 });
    // A prompt of 7,706 tokens costs 0.994323 credits on gpt-5.5: the budget of 1 then pays for
    // 7 completion tokens, fewer than the reply has; the next request cannot pay for its prompt.
    const long = "word ".repeat(6160);
    const body = { model: "gpt-5.5", messages: [{ role: "user", content: long }], max_tokens: 100000 };
    let spentTotal = 0;
    let refused = false;
    let cutByBudget = false;
    for (let i = 0; i < 2000 && !refused; i++) {
      const answer = await chat(sandbox, key.secret, body);
      refused = answer.status === 402;
      if (refused) break;
      expect(answer.status).toBe(200);
      const parsed = JSON.parse(answer.text);
      if (parsed.choices[0].finish_reason === "length") cutByBudget = true;
      spentTotal = roundCredits(spentTotal + (await generation(sandbox, key.secret, parsed.id)).body.data.total_cost);
    }
    expect(refused).toBe(true);
    expect(cutByBudget).toBe(true);
    const info = await sandbox.fetch(`${BASE}/v1/key`, { headers: { authorization: `Bearer ${key.secret}` } });
    const data = ((await info.json()) as any).data;
    expect(data.usage).toBe(spentTotal);
    expect(data.usage).toBeLessThanOrEqual(1);
    expect(data.limit_remaining).toBe(roundCredits(1 - spentTotal));
  });
});

describe("chat records in the store", () => {
  it("deterministic ids with deterministic: true, random ones otherwise", async () => {
    const ids = async (deterministic: boolean) => {
      const sandbox = createSandbox({ seed: 9, deterministic });
      return JSON.parse((await chat(sandbox, sandbox.keys.test, {})).text).id as string;
    };
    expect(await ids(true)).toBe(await ids(true));
    expect(await ids(true)).toMatch(/^chatcmpl-[0-9a-f]{12}$/);
    expect(await ids(false)).not.toBe(await ids(false));
  });

  it("travel in snapshots, and an account's reset drops them", async () => {
    const sandbox = createSandbox({ seed: 4 });
    const account = sandbox.createAccount();
    const id = JSON.parse((await chat(sandbox, account.keys.live, {})).text).id as string;
    const restored = createSandbox({ seed: 4 });
    restored.restore(sandbox.snapshot());
    expect((await generation(restored, account.keys.live, id)).status).toBe(200);
    restored.reset({ account_id: account.account.account_id });
    expect((await generation(restored, account.keys.live, id)).status).toBe(404);
    // The other sandbox is untouched, and a snapshot of an older version (no chats) restores.
    expect((await generation(sandbox, account.keys.live, id)).status).toBe(200);
    const { chats: _chats, ...older } = sandbox.snapshot() as Record<string, unknown>;
    const fromOlder = createSandbox({ seed: 4 });
    fromOlder.restore(older as never);
    expect((await generation(fromOlder, account.keys.live, id)).status).toBe(404);
  });
});
