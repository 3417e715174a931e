import { createSandbox, connectSandbox, type LogEntry, type LogList, type LogListOptions } from "@clipia/sandbox";
import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The request log (SPEC v3 §5.4) on both transports: in process (`sandbox.fetch` +
// `sandbox.listLogs`) and over HTTP (a server + `connectSandbox`). Each test makes its own account,
// so it reads only its own calls.

/** What a test needs of one transport: the public API, and the control plane's calls. */
interface Transport {
  call(path: string, init?: { method?: string; headers?: Record<string, string>; body?: unknown }): Promise<Response>;
  createAccount(): Promise<{ id: string; live: string; test: string; readOnly: string }>;
  listLogs(accountId: string, options?: LogListOptions): Promise<LogList>;
  revokeKey(keyId: string): Promise<unknown>;
  updateKey(keyId: string, patch: { disabled: boolean }): Promise<unknown>;
  listKeys(
    accountId: string,
  ): Promise<Array<{ id: string; environment: string; scopes: string[]; redacted_value: string }>>;
  injectFault(fault: Record<string, unknown>): Promise<unknown>;
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

function transport(
  fetchFn: (url: string, init: RequestInit) => Promise<Response>,
  base: () => string,
  control: () => ReturnType<typeof connectSandbox> | typeof inProcess,
): Transport {
  return {
    call: (path, init = {}) =>
      fetchFn(`${base()}${path}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
    createAccount: async () => {
      const { account, keys } = await control().createAccount();
      return { id: account.account_id, live: keys.live, test: keys.test, readOnly: keys.test_read_only };
    },
    listLogs: async (accountId, options) => control().listLogs(accountId, options),
    revokeKey: async (keyId) => control().revokeKey(keyId),
    updateKey: async (keyId, patch) => control().updateKey(keyId, patch),
    listKeys: async (accountId) => control().listKeys(accountId),
    injectFault: async (fault) => control().injectFault(fault),
    reset: async (accountId) => control().reset({ account_id: accountId }),
  };
}

const transports: Array<[string, () => Transport]> = [
  [
    "in process",
    () =>
      transport(
        (url, init) => inProcess.fetch(url, init),
        () => "https://api.clipia.ai",
        () => inProcess,
      ),
  ],
  [
    "over HTTP",
    () =>
      transport(
        (url, init) => fetch(url, init),
        () => server.url,
        () => connectSandbox(server.url),
      ),
  ],
];

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const NANO = "/v1/models/nano-banana-2";

describe.each(transports)("the request log, %s", (_name, transportOf) => {
  let t: Transport;
  beforeAll(() => {
    t = transportOf();
  });

  it("logs each call newest first with every field, and no body", async () => {
    const account = await t.createAccount();
    const keys = await t.listKeys(account.id);
    const testKey = keys.find((key) => key.environment === "test" && key.scopes.includes("generate"))!;
    const submitted = await t.call(NANO, {
      headers: { authorization: `Key ${account.test}`, "idempotency-key": "order-42" },
      body: { input: { prompt: "a red fox", mood: "sleepy" } },
    });
    const { request_id: requestId } = (await submitted.json()) as { request_id: string };
    await t.call(`/v1/requests/${requestId}/status?logs=1`, { headers: bearer(account.test) });
    await t.call(`/v1/requests/${requestId}`, { headers: { "x-api-key": account.test } });

    const { data, dropped } = await t.listLogs(account.id);
    expect(dropped).toBe(0);
    expect(data.map((entry) => [entry.method, entry.path, entry.status, entry.auth_scheme])).toEqual([
      ["GET", `/v1/requests/${requestId}`, 200, "x-api-key"],
      // The query string is never logged.
      ["GET", `/v1/requests/${requestId}/status`, 200, "bearer"],
      ["POST", NANO, 200, "key"],
    ]);
    const [result, status, submit] = data as [LogEntry, LogEntry, LogEntry];
    expect(submit).toEqual({
      id: expect.stringMatching(/^log_[A-Za-z0-9]{20}$/),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      method: "POST",
      path: NANO,
      status: 200,
      code: null,
      key_id: testKey.id,
      redacted_key: testKey.redacted_value,
      auth_scheme: "key",
      idempotency_key: "order-42",
      duration_ms: expect.any(Number),
      request_id: requestId,
      warnings: ["input.mood is not a field of nano-banana-2; it was ignored."],
    });
    expect(Number.isInteger(submit.duration_ms) && submit.duration_ms >= 0).toBe(true);
    expect([status.request_id, result.request_id]).toEqual([requestId, requestId]);
    expect([status.idempotency_key, status.warnings]).toEqual([null, []]);
    expect(Date.parse(result.time)).toBeGreaterThanOrEqual(Date.parse(submit.time));
    expect(new Set(data.map((entry) => entry.id)).size).toBe(3);
    expect(JSON.stringify(data)).not.toContain("a red fox");
  });

  it("logs errors with their code: a 422, a 404, a 403 and injected faults", async () => {
    const account = await t.createAccount();
    await t.call(NANO, { headers: bearer(account.test), body: { input: {} } });
    await t.call("/v1/models/no-such-model", { headers: bearer(account.test) });
    await t.call(NANO, { headers: bearer(account.readOnly), body: { input: { prompt: "x" } } });
    await t.injectFault({ path: "/v1/account", status: 503, account_id: account.id, retry_after: 0 });
    await t.call("/v1/account", { headers: bearer(account.test) });
    await t.injectFault({ path: "/v1/key", status: 500, phase: "after", account_id: account.id });
    await t.call("/v1/key", { headers: bearer(account.test) });
    const { data } = await t.listLogs(account.id);
    expect(data.map((entry) => [entry.path, entry.status, entry.code])).toEqual([
      ["/v1/key", 500, "internal_error"],
      ["/v1/account", 503, "service_unavailable"],
      [NANO, 403, "insufficient_scope"],
      ["/v1/models/no-such-model", 404, "not_found"],
      [NANO, 422, "model_input_invalid"],
    ]);
  });

  it("logs the chat gateway's calls too, streamed answers included", async () => {
    const account = await t.createAccount();
    const chat = { model: "claude-opus-4-8", messages: [{ role: "user", content: "a secret plan" }] };
    const plain = await t.call("/v1/chat/completions", { headers: bearer(account.test), body: chat });
    const { id } = (await plain.json()) as { id: string };
    const streamed = await t.call("/v1/chat/completions", {
      headers: bearer(account.test),
      body: { ...chat, stream: true },
    });
    await streamed.text();
    await t.call(`/v1/generation?id=${id}`, { headers: bearer(account.test) });
    await t.call("/v1/chat/completions", { headers: bearer(account.test), body: { ...chat, model: "no-such-model" } });
    const { data } = await t.listLogs(account.id);
    expect(data.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ["POST", "/v1/chat/completions", expect.any(Number)],
      ["GET", "/v1/generation", 200],
      ["POST", "/v1/chat/completions", 200],
      ["POST", "/v1/chat/completions", 200],
    ]);
    expect(data[0]!.status).toBeGreaterThanOrEqual(400);
    expect(data[0]!.code).toEqual(expect.any(String));
    expect(JSON.stringify(data)).not.toContain("a secret plan");
  });

  it("names a chat completion by its chatcmpl- id: plain, streamed, and looked up", async () => {
    const account = await t.createAccount();
    const headers = bearer(account.test);
    const chat = { model: "claude-opus-4-8", messages: [{ role: "user", content: "hi" }] };
    const plain = await t.call("/v1/chat/completions", { headers, body: chat });
    const { id } = (await plain.json()) as { id: string };
    const streamed = await t.call("/v1/chat/completions", { headers, body: { ...chat, stream: true } });
    const frames = await streamed.text();
    const streamedId = (JSON.parse(frames.split("\n")[0]!.replace(/^data: /, "")) as { id: string }).id;
    await t.call(`/v1/generation?id=${id}`, { headers });
    await t.call("/v1/generation?id=chatcmpl-unknown", { headers });
    const { data } = await t.listLogs(account.id);
    expect(id).toMatch(/^chatcmpl-/);
    expect(streamedId).toMatch(/^chatcmpl-/);
    expect(streamedId).not.toBe(id);
    expect(data.map((entry) => [entry.path, entry.status, entry.request_id])).toEqual([
      // An unknown id names nothing: the log never echoes what the caller made up.
      ["/v1/generation", 404, null],
      ["/v1/generation", 200, id],
      ["/v1/chat/completions", 200, streamedId],
      ["/v1/chat/completions", 200, id],
    ]);
  });

  it("logs a revoked, disabled or expired key's 401 in its account; an unknown key names none", async () => {
    const account = await t.createAccount();
    const other = await t.createAccount();
    const keys = await t.listKeys(account.id);
    const live = keys.find((key) => key.environment === "live")!;
    const test = keys.find((key) => key.environment === "test" && key.scopes.includes("generate"))!;
    await t.revokeKey(live.id);
    await t.updateKey(test.id, { disabled: true });
    await t.call("/v1/account", { headers: bearer(account.live) });
    await t.call("/v1/account", { headers: { "x-api-key": account.test } });
    const unknown = `clipia_test_${"Z".repeat(32)}`;
    await t.call("/v1/account", { headers: bearer(unknown) });
    await t.call("/v1/account");

    const { data } = await t.listLogs(account.id);
    expect(data.map((entry) => [entry.key_id, entry.status, entry.code, entry.auth_scheme])).toEqual([
      [test.id, 401, "invalid_api_key", "x-api-key"],
      [live.id, 401, "invalid_api_key", "bearer"],
    ]);
    expect((await t.listLogs(other.id)).data).toEqual([]);
  });

  it("filters by status (exact or class) and path (a substring), newest first, up to limit", async () => {
    const account = await t.createAccount();
    const headers = bearer(account.test);
    await t.call(NANO, { headers, body: { input: {} } });
    await t.call(NANO, { headers, body: { input: { prompt: "ok" } } });
    await t.call("/v1/models/nope", { headers });
    await t.call("/v1/account", { headers });
    await t.call("/v1/key", { headers });

    const paths = async (options: LogListOptions) =>
      (await t.listLogs(account.id, options)).data.map((entry) => `${entry.status} ${entry.path}`);
    expect(await paths({ status: 422 })).toEqual([`422 ${NANO}`]);
    expect(await paths({ status: "422" })).toEqual([`422 ${NANO}`]);
    expect(await paths({ status: "4xx" })).toEqual(["404 /v1/models/nope", `422 ${NANO}`]);
    expect(await paths({ status: "2xx", path: "/v1/models/" })).toEqual([`200 ${NANO}`]);
    expect(await paths({ path: "key" })).toEqual(["200 /v1/key"]);
    expect(await paths({ limit: 2 })).toEqual(["200 /v1/key", "200 /v1/account"]);
    expect(await paths({ limit: 1, status: "4xx" })).toEqual(["404 /v1/models/nope"]);
    expect(await paths({})).toHaveLength(5);
  });

  it("refuses a bad limit or status, and names the right option for a misspelt one", async () => {
    const account = await t.createAccount();
    const failure = (options: Record<string, unknown>) =>
      t.listLogs(account.id, options as LogListOptions).then(
        () => undefined,
        (error: { status: number; message: string }) => error,
      );
    expect(await failure({ limit: 0 })).toMatchObject({ status: 400, message: expect.stringMatching(/^limit must/) });
    expect(await failure({ limit: 1001 })).toMatchObject({ status: 400 });
    expect(await failure({ status: "4x" })).toMatchObject({ status: 400, message: expect.stringMatching(/^status/) });
    expect(await failure({ stauts: 422 })).toMatchObject({
      status: 400,
      message: 'Unknown option "stauts"; did you mean "status"?',
    });
    await expect(t.listLogs("acc_nope")).rejects.toMatchObject({ status: 404 });
  });

  it("never holds a secret: the key only redacted, even sent in the path or the Idempotency-Key", async () => {
    const account = await t.createAccount();
    const other = await t.createAccount();
    await t.call(`/v1/requests/${account.live}`, {
      headers: { ...bearer(account.live), "idempotency-key": other.live },
    });
    await t.call(NANO, {
      headers: { "x-api-key": account.test, "idempotency-key": `retry ${account.live}` },
      body: { input: { prompt: account.live, [account.live]: 1 } },
    });
    await t.call("/v1/key", { headers: { authorization: `Key ${account.readOnly}` } });
    const { data } = await t.listLogs(account.id);
    expect(data).toHaveLength(3);
    const text = JSON.stringify(data);
    for (const secret of [account.live, account.test, account.readOnly, other.live]) {
      expect(text).not.toContain(secret.replace(/^clipia_(live|test)_/, ""));
    }
    expect(data[2]!.path).toMatch(/^\/v1\/requests\/clipia_live_…/);
    expect(data[1]!.warnings).toEqual([expect.stringMatching(/^input\.clipia_live_…\S{4} is not a field/)]);
  });

  it("keeps each account's log apart, and a reset clears only that account's", async () => {
    const mine = await t.createAccount();
    const theirs = await t.createAccount();
    await t.call("/v1/account", { headers: bearer(mine.test) });
    await t.call("/v1/key", { headers: bearer(theirs.live) });
    await t.call("/v1/models", { headers: bearer(theirs.test) });
    expect((await t.listLogs(mine.id)).data.map((entry) => entry.path)).toEqual(["/v1/account"]);
    expect((await t.listLogs(theirs.id)).data.map((entry) => entry.path)).toEqual(["/v1/models", "/v1/key"]);

    await t.reset(theirs.id);
    expect(await t.listLogs(theirs.id)).toEqual({ data: [], dropped: 0 });
    expect((await t.listLogs(mine.id)).data).toHaveLength(1);
  });

  it("keeps the newest 1000 per account and counts the dropped ones", { timeout: 60_000 }, async () => {
    const account = await t.createAccount();
    const headers = bearer(account.test);
    await t.call("/v1/models/first", { headers });
    for (let i = 0; i < 1004; i++) await t.call("/v1/account", { headers });
    const all = await t.listLogs(account.id, { limit: 1000 });
    expect(all.data).toHaveLength(1000);
    expect(all.dropped).toBe(5);
    // The oldest went first: the 404 that came before the rest is gone.
    expect(all.data.every((entry) => entry.path === "/v1/account")).toBe(true);
    expect((await t.listLogs(account.id)).data).toHaveLength(100);
    await t.reset(account.id);
    await t.call("/v1/key", { headers });
    expect((await t.listLogs(account.id)).dropped).toBe(0);
  });
});

describe("the request log in process", () => {
  it("logs a dropped connection (a network_error fault) with status 0", async () => {
    const sandbox = createSandbox();
    const { account, keys } = sandbox.createAccount();
    sandbox.injectFault({ path: "/v1/account", network_error: true, account_id: account.account_id });
    await expect(sandbox.fetch("https://api.clipia.ai/v1/account", { headers: bearer(keys.test) })).rejects.toThrow(
      TypeError,
    );
    expect(sandbox.listLogs(account.account_id).data.map((entry) => [entry.status, entry.code])).toEqual([
      [0, "network_error"],
    ]);
  });

  it("measures duration_ms, held faults included, and stamps time with the account's clock", async () => {
    const sandbox = createSandbox();
    const { account, keys } = sandbox.createAccount();
    sandbox.advanceClock(86_400_000, { account_id: account.account_id });
    sandbox.injectFault({ path: "/v1/account", delay_ms: 60, account_id: account.account_id });
    const before = sandbox.now({ account_id: account.account_id });
    await sandbox.fetch("https://api.clipia.ai/v1/account", { headers: bearer(keys.test) });
    const [entry] = sandbox.listLogs(account.account_id).data;
    expect(entry!.duration_ms).toBeGreaterThanOrEqual(55);
    expect(Date.parse(entry!.time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(entry!.time)).toBeLessThan(before + 5_000);
  });

  it("an idempotent replay logs the generation it answers, with its warnings", async () => {
    const sandbox = createSandbox();
    const { account, keys } = sandbox.createAccount();
    const init = {
      method: "POST",
      headers: { ...bearer(keys.test), "content-type": "application/json", "idempotency-key": "same" },
      body: JSON.stringify({ input: { prompt: "p", extra: true } }),
    };
    const first = (await (await sandbox.fetch(`https://api.clipia.ai${NANO}`, init)).json()) as { request_id: string };
    await sandbox.fetch(`https://api.clipia.ai${NANO}`, init);
    const [replay, original] = sandbox.listLogs(account.account_id).data;
    expect(replay).toMatchObject({
      request_id: first.request_id,
      idempotency_key: "same",
      warnings: original!.warnings,
    });
    expect(original!.warnings).toHaveLength(1);
  });

  it("is part of snapshot() and restore()", async () => {
    const sandbox = createSandbox();
    const { account, keys } = sandbox.createAccount();
    await sandbox.fetch("https://api.clipia.ai/v1/key", { headers: bearer(keys.live) });
    const copy = createSandbox();
    copy.restore(sandbox.snapshot());
    expect(copy.listLogs(account.account_id)).toEqual(sandbox.listLogs(account.account_id));
  });
});
