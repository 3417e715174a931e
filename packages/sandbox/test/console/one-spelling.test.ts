import { connectSandbox, createSandbox, type RemoteSandbox, type Sandbox } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// SPEC §5.4, v3 "one spelling": every control-plane option is spelt as on the wire, in process,
// through connectSandbox and over HTTP; an unknown name is an error naming the right one; the
// whole sandbox is reset or moved on only by an explicit call. The calls below are what plain
// JavaScript can write (TypeScript refuses them), hence the casts.

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandboxServer({ port: 0 });
});
afterAll(() => server?.close());

type Control = Sandbox | RemoteSandbox;
const loose = (control: Control) => control as unknown as Record<string, (...args: unknown[]) => unknown>;
/** The call's error (in process it throws, over HTTP it rejects), or undefined if it succeeded. */
const failure = async (operation: () => unknown): Promise<{ status?: number; message: string } | undefined> => {
  try {
    await operation();
    return undefined;
  } catch (error) {
    return error as { status?: number; message: string };
  }
};
const accountStatus = async (key: string) =>
  (await fetch(`${server.url}/v1/account`, { headers: { authorization: `Bearer ${key}` } })).status;

const transports: Array<[name: string, control: () => Control, status: (key: string) => Promise<number>]> = [
  [
    "in process",
    () => inProcess,
    async (key) =>
      (await inProcess.fetch("https://api.clipia.ai/v1/account", { headers: { authorization: `Bearer ${key}` } }))
        .status,
  ],
  ["through connectSandbox", () => connectSandbox(server.url), accountStatus],
];
let inProcess: Sandbox;
beforeAll(() => {
  inProcess = createSandbox();
});

describe.each(transports)("one spelling, %s", (_name, controlOf, statusOf) => {
  it("reset({account_id}) resets that account only: another account's keys keep working", async () => {
    const control = controlOf();
    const mine = await control.createAccount();
    const theirs = await control.createAccount();
    await control.reset({ account_id: mine.account.account_id });
    expect(await statusOf(theirs.keys.test)).toBe(200);
    expect(await statusOf(mine.keys.test)).toBe(200);
  });

  it.each([
    ["reset", (id: string) => [{ accountId: id }]],
    ["advanceClock", (id: string) => [60_000, { accountId: id }]],
    ["now", (id: string) => [{ accountId: id }]],
    ["webhookDeliveries", (id: string) => [{ accountId: id }]],
    ["injectFault", (id: string) => [{ status: 503, accountId: id }]],
    ["forceOutcome", (id: string) => [{ outcome: "FAILED", accountId: id }]],
    ["scriptChatReplies", (id: string) => [{ replies: [{ content: "x" }], accountId: id }]],
  ])("%s with accountId throws naming account_id, and changes nothing", async (method, args) => {
    const control = controlOf();
    const other = await control.createAccount();
    const mine = await control.createAccount();
    const clockBefore = await control.now({ account_id: other.account.account_id });
    const error = await failure(() => loose(control)[method]!(...args(mine.account.account_id)));
    expect(error?.message).toBe('Unknown option "accountId"; did you mean "account_id"?');
    expect(error?.status).toBe(400);
    expect(await statusOf(other.keys.test)).toBe(200);
    expect(await control.now({ account_id: other.account.account_id })).toBeLessThan(clockBefore + 30_000);
  });

  it.each([
    ["createAccount", () => [{ balanceCredits: 5 }], "balance_credits"],
    ["createAccount", () => [{ strictInputs: true }], "strict_inputs"],
    ["updateAccount", (id: string) => [id, { subscripton: "none" }], "subscription"],
    ["updateAccount", (id: string) => [id, { balanceCredits: 5 }], "balance_credits"],
    ["createKey", (id: string) => [id, { name: "k", environment: "test", creditLimit: 5 }], "credit_limit"],
    ["injectFault", () => [{ status: 503, retryAfter: 2 }], "retry_after"],
    ["injectFault", () => [{ status: 503, delayMs: 2 }], "delay_ms"],
    ["forceOutcome", () => [{ outcome: "FAILED", modle: "kling-3" }], "model"],
    ["listLogs", (id: string) => [id, { limits: 5 }], "limit"],
  ])("%s with a misspelt option names the right one", async (method, args, right) => {
    const control = controlOf();
    const { account } = await control.createAccount();
    const error = await failure(() => loose(control)[method]!(...args(account.account_id)));
    expect(error?.message).toMatch(new RegExp(`did you mean "${right}"\\?$`));
  });

  it("updateKey with allowedIps names allowed_ips and leaves the key as it was", async () => {
    const control = controlOf();
    const { account } = await control.createAccount();
    const [key] = await control.listKeys(account.account_id);
    const error = await failure(() => loose(control).updateKey!(key!.id, { allowedIps: ["10.0.0.1"] }));
    expect(error?.message).toBe('Unknown option "allowedIps"; did you mean "allowed_ips"?');
    expect((await control.listKeys(account.account_id))[0]!.allowed_ips).toEqual([]);
  });

  it("reset() and advanceClock(ms) without an account are refused; resetAll() and advanceAllClocks(ms) are the way", async () => {
    const control = controlOf();
    const other = await control.createAccount();
    const before = await control.now({ account_id: other.account.account_id });
    expect((await failure(() => loose(control).reset!()))?.message).toMatch(/account_id is required.*resetAll\(\)/);
    expect((await failure(() => loose(control).reset!({ account_id: undefined })))?.message).toMatch(
      /account_id is required/,
    );
    expect((await failure(() => loose(control).advanceClock!(60_000)))?.message).toMatch(
      /account_id is required.*advanceAllClocks\(ms\)/,
    );
    expect(await statusOf(other.keys.test)).toBe(200);
    expect(await control.now({ account_id: other.account.account_id })).toBeLessThan(before + 30_000);

    await control.advanceAllClocks(60_000);
    expect(await control.now({ account_id: other.account.account_id })).toBeGreaterThanOrEqual(before + 60_000);
    await control.resetAll();
    expect(await statusOf(other.keys.test)).toBe(401);
  });
});

describe("one spelling over HTTP", () => {
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
  };

  it.each([
    ["POST", "/_sandbox/reset", { accountId: "acc_x" }, '"account_id"'],
    ["POST", "/_sandbox/clock/advance", { ms: 1, accountId: "acc_x" }, '"account_id"'],
    ["POST", "/_sandbox/clock/advance", { ms: 1, al: true }, '"all"'],
    ["POST", "/_sandbox/accounts", { balanceCredit: 5 }, '"balance_credits"'],
    ["POST", "/_sandbox/faults", { status: 503, Account_Id: "acc_x" }, '"account_id"'],
    ["GET", "/_sandbox/clock?accountId=acc_x", undefined, '"account_id"'],
    ["GET", "/_sandbox/webhooks?account-id=acc_x", undefined, '"account_id"'],
  ])("%s %s with %j is a 400 invalid_request naming %s", async (method, path, body, right) => {
    const reply = await send(method, path, body);
    expect([reply.status, reply.body.error?.code]).toEqual([400, "invalid_request"]);
    expect(reply.body.error?.message).toContain(`did you mean ${right}?`);
  });

  it("a reset or clock move of the whole sandbox needs all: true (an empty body is a 400, and so is all: false)", async () => {
    const other = await connectSandbox(server.url).createAccount();
    for (const body of [{}, { all: false }, { all: "true" }, { account_id: other.account.account_id, all: true }]) {
      expect((await send("POST", "/_sandbox/reset", body)).status).toBe(400);
      expect((await send("POST", "/_sandbox/clock/advance", { ms: 1, ...body })).status).toBe(400);
    }
    expect(await accountStatus(other.keys.test)).toBe(200);
    expect(await send("POST", "/_sandbox/reset", { all: true })).toEqual({
      status: 200,
      body: { reset: "sandbox", account_id: null },
    });
    expect(await accountStatus(other.keys.test)).toBe(401);
  });
});

// The public API's body fields and a key's nested settings are refused like the control-plane
// options: the message names the field meant (`webhookUrl`: `webhook_url`), or lists the fields.
describe("unknown body fields name the right one, over HTTP and in process", () => {
  const submitWith = async (via: "http" | "in process", body: unknown) => {
    const { sandbox } = server;
    const url =
      via === "http" ? `${server.url}/v1/models/nano-banana-2` : "https://api.clipia.ai/v1/models/nano-banana-2";
    const init = {
      method: "POST",
      headers: {
        authorization: `Bearer ${(via === "http" ? sandbox : inProcess).keys.test}`,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    };
    const response = via === "http" ? await fetch(url, init) : await inProcess.fetch(url, init);
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
  };

  it.each(["http", "in process"] as const)("POST /v1/models/{model} %s", async (via) => {
    const misspelt = await submitWith(via, { input: { prompt: "a lighthouse" }, webhookUrl: "https://example.com/h" });
    expect([misspelt.status, misspelt.body.error?.code]).toEqual([400, "invalid_request"]);
    expect(misspelt.body.error?.message).toBe('Unknown parameter: "webhookUrl"; did you mean "webhook_url"?');
    const stranger = await submitWith(via, { input: { prompt: "a lighthouse" }, accountId: "acc_x" });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error?.message).toBe(
      'Unknown parameter: "accountId"; the parameters are: input, webhook_url.',
    );
  });

  it.each(transports)("createKey's rate_limit and model_access, %s", async (_name, controlOf) => {
    const control = controlOf();
    const { account } = await control.createAccount();
    const create = (settings: Record<string, unknown>) =>
      failure(() => control.createKey(account.account_id, { name: "k", environment: "test", ...settings }));
    expect((await create({ rate_limit: { requests: 5, intervl: "1m" } }))?.message).toBe(
      'Unknown parameter: "rate_limit.intervl"; did you mean "rate_limit.interval"?',
    );
    expect((await create({ model_access: { mode: "include", modelIds: ["kling-3"] } }))?.message).toBe(
      'Unknown parameter: "model_access.modelIds"; the parameters are: model_access.mode, model_access.models.',
    );
  });
});
