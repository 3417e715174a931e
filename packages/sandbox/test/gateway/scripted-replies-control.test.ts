import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { startSandboxServer } from "@clipia/sandbox/node";
import { describe, expect, it } from "vitest";

// `POST /_sandbox/chat/replies` (SPEC v3 §5.4) as a control op: every refusal is a 400 naming
// what is wrong (an unknown name suggests the right one, "one spelling"), in process and over
// HTTP alike; resets drop pending replies; `--state` keeps them, as it keeps faults.

const BASE = "https://api.clipia.ai";
const CHAT = { model: "claude-opus-4-8", messages: [{ role: "user", content: "Hi" }] };

async function chat(sandbox: Sandbox, key: string): Promise<{ status: number; body: any }> {
  const response = await sandbox.fetch(
    new Request(`${BASE}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(CHAT),
    }),
  );
  return { status: response.status, body: await response.json() };
}

async function postScript(sandbox: Sandbox, body: unknown): Promise<{ status: number; body: any }> {
  const response = await sandbox.fetch(
    new Request(`${BASE}/_sandbox/chat/replies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: await response.json() };
}

const ok = [{ content: "x" }];
const REFUSALS: Array<[label: string, body: unknown, message: string | RegExp]> = [
  ["a misspelt option", { accountId: "acc", replies: ok }, 'Unknown option "accountId"; did you mean "account_id"?'],
  [
    "a misspelt reply field",
    { replies: [{ toolCalls: [] }] },
    'Unknown option "replies[0].toolCalls"; did you mean "replies[0].tool_calls"?',
  ],
  [
    "an unknown reply field",
    { replies: [{ text: "hi" }] },
    /^Unknown option "replies\[0\]\.text"; the options are: replies\[0\]\.content, /,
  ],
  [
    "a misspelt tool call field",
    { replies: [{ tool_calls: [{ name: "f", argument: {} }] }] },
    'Unknown option "replies[0].tool_calls[0].argument"; did you mean "replies[0].tool_calls[0].arguments"?',
  ],
  [
    "a misspelt error field",
    { replies: [{ error: { status: 503, code: "x", mesage: "m" } }] },
    'Unknown option "replies[0].error.mesage"; did you mean "replies[0].error.message"?',
  ],
  ["no replies", {}, /^replies is required/],
  ["empty replies", { replies: [] }, /^replies is required/],
  ["replies not an array", { replies: { content: "x" } }, /^replies is required/],
  ["a reply not an object", { replies: ["hello"] }, /^replies\[0\] must be an object/],
  [
    "a reply with nothing to say",
    { replies: [{ finish_reason: "stop" }] },
    "replies[0] needs content, tool_calls or error.",
  ],
  ["content not a string", { replies: [{ content: 42 }] }, /^replies\[0\]\.content must be a string/],
  ["empty tool_calls", { replies: [{ tool_calls: [] }] }, /^replies\[0\]\.tool_calls must be an array of 1 to 64/],
  [
    "a tool call without a name",
    { replies: [{ tool_calls: [{ arguments: {} }] }] },
    /^replies\[0\]\.tool_calls\[0\]\.name must be a function name/,
  ],
  [
    "a tool call name with spaces",
    { replies: [{ tool_calls: [{ name: "get weather" }] }] },
    /\.name must be a function name/,
  ],
  [
    "arguments not JSON",
    { replies: [{ tool_calls: [{ name: "f", arguments: "city: Paris" }] }] },
    /\.arguments must be an object or a string of JSON text; this string is not JSON\.$/,
  ],
  [
    "arguments a number",
    { replies: [{ tool_calls: [{ name: "f", arguments: 3 }] }] },
    "replies[0].tool_calls[0].arguments must be an object or a string of JSON text.",
  ],
  [
    "a bad finish_reason",
    { replies: [{ content: "x", finish_reason: "done" }] },
    "replies[0].finish_reason must be one of stop, length, tool_calls, content_filter.",
  ],
  [
    "an error with content",
    { replies: [{ error: { status: 503, code: "x" }, content: "y" }] },
    "replies[0].error answers instead of a reply: drop content.",
  ],
  [
    "an error status out of range",
    { replies: [{ error: { status: 200, code: "ok" } }] },
    "replies[0].error.status must be an integer from 400 to 599.",
  ],
  [
    "an error without a code",
    { replies: [{ error: { status: 500 } }] },
    /^replies\[0\]\.error\.code must be an error code/,
  ],
  [
    "an empty error message",
    { replies: [{ error: { status: 500, code: "x", message: "" } }] },
    /^replies\[0\]\.error\.message must be a string of 1 to 500/,
  ],
  ["an error not an object", { replies: [{ error: 503 }] }, /^replies\[0\]\.error must be an object/],
  ["an unknown account", { account_id: "acc_nope", replies: ok }, "account_id must be the id of a sandbox account."],
  ["an unknown model", { model: "gpt-0", replies: ok }, /^model must be the id or slug of a text model/],
  ["a generation model", { model: "nano-banana-2", replies: ok }, /^model must be the id or slug of a text model/],
];

describe("POST /_sandbox/chat/replies refuses bad input with a 400 naming the problem", () => {
  const sandbox = createSandbox({ seed: 22 });
  it.each(REFUSALS)("%s, over HTTP and in process alike", async (_label, body, message) => {
    const answer = await postScript(sandbox, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("invalid_request");
    if (typeof message === "string") expect(answer.body.error.message).toBe(message);
    else expect(answer.body.error.message).toMatch(message);
    let inProcess: unknown;
    try {
      sandbox.scriptChatReplies(body as never);
    } catch (error) {
      inProcess = error;
    }
    expect(inProcess).toMatchObject({ status: 400, message: answer.body.error.message });
  });

  it("a body that is not an object: 400 over HTTP and in process", async () => {
    expect((await postScript(sandbox, [ok])).status).toBe(400);
    expect(() => sandbox.scriptChatReplies([ok] as never)).toThrow("The body must be a JSON object with replies.");
  });

  it("nothing refused was armed: the next completion gets the default reply", async () => {
    expect((await chat(sandbox, sandbox.keys.test)).body.choices[0].message.content).toMatch(/^Sandbox reply/);
  });
});

describe("scripted replies and the sandbox's state", () => {
  it("a scripted error message is sanitised: a key in it is redacted", () => {
    const sandbox = createSandbox({ seed: 23 });
    const script = sandbox.scriptChatReplies({
      replies: [{ error: { status: 401, code: "invalid_api_key", message: `Bad key ${sandbox.keys.live}` } }],
    });
    expect(script.replies[0]?.error?.message).not.toContain(sandbox.keys.live);
    expect(script.replies[0]?.error?.message).toMatch(/^Bad key clipia_live_…/);
  });

  it("resetAll drops every pending script; an account reset only that account's", async () => {
    const sandbox = createSandbox({ seed: 24 });
    const other = sandbox.createAccount();
    sandbox.scriptChatReplies({ replies: [{ content: "for anyone" }] });
    sandbox.scriptChatReplies({ account_id: other.account.account_id, replies: [{ content: "for other" }] });
    sandbox.reset({ account_id: other.account.account_id });
    expect((await chat(sandbox, other.keys.test)).body.choices[0].message.content).toBe("for anyone");

    sandbox.scriptChatReplies({ replies: [{ content: "before the reset" }] });
    sandbox.resetAll();
    expect((await chat(sandbox, sandbox.keys.test)).body.choices[0].message.content).toMatch(/^Sandbox reply/);
  });

  it("snapshot() and restore() carry pending scripts", async () => {
    const sandbox = createSandbox({ seed: 25 });
    sandbox.scriptChatReplies({ replies: [{ content: "restored" }] });
    const copy = createSandbox({ seed: 25 });
    copy.restore(sandbox.snapshot());
    expect((await chat(copy, copy.keys.test)).body.choices[0].message.content).toBe("restored");
  });

  it("--state keeps pending scripts across a restart, as it keeps faults", async () => {
    const dir = await mkdtemp(join(tmpdir(), "clipia-replies-"));
    const state = join(dir, "state.db");
    try {
      const first = await startSandboxServer({ port: 0, seed: 26, state });
      first.sandbox.scriptChatReplies({ replies: [{ content: "one" }, { content: "two" }] });
      expect((await chat(first.sandbox, first.sandbox.keys.test)).body.choices[0].message.content).toBe("one");
      await first.close();
      const second = await startSandboxServer({ port: 0, seed: 26, state });
      try {
        const answer = await chat(second.sandbox, second.sandbox.keys.test);
        expect(answer.body.choices[0].message.content).toBe("two");
        expect((await chat(second.sandbox, second.sandbox.keys.test)).body.choices[0].message.content).toMatch(
          /^Sandbox reply/,
        );
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
