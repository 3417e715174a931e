import { type ChatRecord, connectSandbox, createSandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The control plane lists an account's chat completions (the console's Requests tab shows them):
// in process (`sandbox.listChats`) and over HTTP (`connectSandbox(url).listChats`), one spelling.

interface Transport {
  fetch(path: string, init: RequestInit): Promise<Response>;
  createAccount(): Promise<{ id: string; live: string; test: string }>;
  listChats(accountId: string): Promise<ChatRecord[]>;
  reset(accountId: string): Promise<unknown>;
}

const inProcess = createSandbox();
let server: SandboxServer;
beforeAll(async () => {
  server = await startSandboxServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

const transports: Array<[string, () => Transport]> = [
  [
    "in process",
    () => ({
      fetch: (path, init) => inProcess.fetch(`https://api.clipia.ai${path}`, init),
      createAccount: async () => {
        const { account, keys } = inProcess.createAccount();
        return { id: account.account_id, live: keys.live, test: keys.test };
      },
      listChats: async (accountId) => inProcess.listChats(accountId),
      reset: async (accountId) => inProcess.reset({ account_id: accountId }),
    }),
  ],
  [
    "over HTTP",
    () => {
      const control = connectSandbox(server.url);
      return {
        fetch: (path, init) => fetch(`${server.url}${path}`, init),
        createAccount: async () => {
          const { account, keys } = await control.createAccount();
          return { id: account.account_id, live: keys.live, test: keys.test };
        },
        listChats: (accountId) => control.listChats(accountId),
        reset: (accountId) => control.reset({ account_id: accountId }),
      };
    },
  ],
];

const chat = (key: string, body: Record<string, unknown>): RequestInit => ({
  method: "POST",
  headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  body: JSON.stringify({
    model: "claude-sonnet-4-6",
    messages: [{ role: "user", content: "a private note" }],
    ...body,
  }),
});

describe.each(transports)("listChats, %s", (_name, transportOf) => {
  let t: Transport;
  beforeAll(() => {
    t = transportOf();
  });

  it("lists the account's chats newest first, with tokens and cost, never the messages", async () => {
    const account = await t.createAccount();
    const other = await t.createAccount();
    const plain = (await (await t.fetch("/v1/chat/completions", chat(account.test, {}))).json()) as {
      id: string;
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    const streamed = await t.fetch("/v1/chat/completions", chat(account.live, { stream: true, n: 2 }));
    await streamed.text();
    // A refused call is no completion.
    await t.fetch("/v1/chat/completions", chat(account.test, { model: "no-such-model" }));

    const chats = await t.listChats(account.id);
    expect(chats.map((c) => [c.environment, c.streamed, c.choices, c.charged])).toEqual([
      ["live", true, 2, true],
      ["test", false, 1, false],
    ]);
    const [live, test] = chats as [ChatRecord, ChatRecord];
    expect(test).toEqual({
      id: plain.id,
      account_id: account.id,
      key_id: expect.stringMatching(/^key_/),
      environment: "test",
      model: "claude-sonnet-4-6",
      streamed: false,
      choices: 1,
      prompt_tokens: plain.usage.prompt_tokens,
      completion_tokens: plain.usage.completion_tokens,
      cost: expect.any(Number),
      charged: false,
      finish_reason: "stop",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(test.cost).toBeGreaterThan(0);
    // The cost listed is the cost GET /v1/generation answers.
    const generation = await t.fetch(`/v1/generation?id=${live.id}`, {
      headers: { authorization: `Bearer ${account.live}` },
    });
    const { data } = (await generation.json()) as { data: { total_cost: number; tokens_completion: number } };
    expect([live.cost, live.completion_tokens]).toEqual([data.total_cost, data.tokens_completion]);
    expect(JSON.stringify(chats)).not.toContain("a private note");
    expect(await t.listChats(other.id)).toEqual([]);

    await t.reset(account.id);
    expect(await t.listChats(account.id)).toEqual([]);
  });

  it("answers 404 for an unknown account", async () => {
    await expect(t.listChats("acc_nope")).rejects.toMatchObject({ status: 404 });
  });
});
