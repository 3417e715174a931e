import { describe, expect, it } from "vitest";
import { PROBES, runVerify, verifyCommand, type VerifyReport } from "../../src/node/verify/index.js";
import { type Drift, driftedService, OPENAPI } from "./drift-double.js";

const BASE = "https://api.clipia.test";

async function verify(drifts: Drift[] = [], withReadOnly = true): Promise<VerifyReport> {
  const { sandbox, fetch } = driftedService(drifts);
  return runVerify({
    baseUrl: BASE,
    apiKey: sandbox.keys.test,
    openapi: OPENAPI,
    fetch,
    ...(withReadOnly ? { readOnlyKey: sandbox.keys.test_read_only } : {}),
  });
}

const probe = (report: VerifyReport, name: string) => report.probes.find((p) => p.probe === name)!;

describe("clipia-sandbox verify against the sandbox itself", () => {
  it("every probe agrees and matches openapi.yaml; nothing is skipped with a read-only key", async () => {
    const report = await verify();
    expect(report.probes.map((p) => p.probe)).toEqual(PROBES.map((p) => p.name));
    for (const result of report.probes) {
      expect({
        probe: result.probe,
        verdict: result.verdict,
        differences: result.differences,
        live: result.live.problems,
        sandbox: result.sandbox.problems,
      }).toEqual({ probe: result.probe, verdict: "agree", differences: [], live: [], sandbox: [] });
    }
    expect(report.ok).toBe(true);
    expect(probe(report, "scope.read_only").live.status).toBe(403);
    expect(probe(report, "input.invalid").live.status).toBe(422);
  });

  it("without a read-only key, the scope probe is skipped with its reason, and the run still passes", async () => {
    const report = await verify([], false);
    expect(probe(report, "scope.read_only")).toMatchObject({
      verdict: "skipped",
      reason: expect.stringContaining("CLIPIA_READ_ONLY_KEY"),
    });
    expect(report.ok).toBe(true);
  });
});

const on = (method: string, path: string | RegExp) => (m: string, p: string) =>
  m === method && (typeof path === "string" ? p === path : path.test(p));

// Each kind of drift the real service could show, and how verify must report it.
const DRIFTS: {
  name: string;
  drift: Drift;
  probe: string;
  alsoDiffer?: string[];
  difference: { where: string; live: string; sandbox: string };
  problem?: RegExp;
}[] = [
  {
    name: "a renamed field",
    drift: {
      matches: on("GET", "/v1/account"),
      alter: (a) => {
        const { usage_30d, ...rest } = a.body;
        return { ...a, body: { ...rest, usage_last_30d: usage_30d } };
      },
    },
    probe: "account",
    difference: { where: "body.usage_30d", live: "absent", sandbox: "object" },
    problem: /missing required field "usage_30d"/,
  },
  {
    name: "another status code",
    drift: {
      matches: on("POST", "/v1/models/nano-banana-2"),
      alter: (a) => (a.status === 200 ? { ...a, status: 201 } : a),
    },
    probe: "submit",
    alsoDiffer: ["submit.replay"],
    difference: { where: "status", live: "201", sandbox: "200" },
    problem: /status 201 is not documented/,
  },
  {
    name: "a missing header",
    drift: {
      matches: on("GET", "/v1/key"),
      alter: (a) => {
        a.headers.delete("ratelimit-remaining");
        return a;
      },
    },
    probe: "key",
    difference: { where: "header ratelimit-remaining", live: "absent", sandbox: "present" },
    problem: /header RateLimit-Remaining: missing/,
  },
  {
    name: "another type",
    drift: {
      matches: on("POST", "/v1/models/nano-banana-2/estimate"),
      alter: (a) => ({ ...a, body: { credits: String(a.body.credits) } }),
    },
    probe: "models.estimate",
    difference: { where: "body.credits", live: "string", sandbox: "number" },
    problem: /body\.credits: expected integer, got string/,
  },
  {
    name: "another error code",
    drift: {
      matches: on("GET", /^\/v1\/models\/clipia-verify/),
      alter: (a) => ({ ...a, body: { error: { ...a.body.error, code: "model_not_found" } } }),
    },
    probe: "model.unknown",
    difference: { where: "body.error.code", live: '"model_not_found"', sandbox: '"not_found"' },
  },
  {
    name: "a missing WWW-Authenticate on 401",
    drift: {
      matches: on("GET", "/v1/account"),
      alter: (a) => {
        if (a.status === 401) a.headers.delete("www-authenticate");
        return a;
      },
    },
    probe: "auth.missing",
    alsoDiffer: ["auth.wrong"],
    difference: { where: "header www-authenticate", live: "absent", sandbox: "present" },
  },
  {
    name: "a field the sandbox does not have",
    drift: {
      matches: on("POST", "/v1/models/nano-banana-2"),
      alter: (a) => (a.status === 200 ? { ...a, body: { ...a.body, cancel_url: `${a.body.response_url}/cancel` } } : a),
    },
    probe: "submit",
    alsoDiffer: ["submit.replay"],
    difference: { where: "body.cancel_url", live: "string", sandbox: "absent" },
    problem: /unexpected field "cancel_url"/,
  },
  {
    name: "a streamed chunk without object",
    drift: {
      matches: on("POST", "/v1/chat/completions"),
      alter: (a) =>
        a.events
          ? {
              ...a,
              events: a.events.map((event) => (typeof event === "string" ? event : { ...event, object: undefined })),
            }
          : a,
    },
    probe: "chat.stream",
    difference: { where: "events[].object", live: "absent", sandbox: "string" },
    problem: /event 0: missing required field "object"/,
  },
  {
    name: "a stream that does not end with data: [DONE]",
    drift: {
      matches: on("POST", "/v1/chat/completions"),
      alter: (a) => (a.events ? { ...a, events: a.events.filter((event) => event !== "[DONE]") } : a),
    },
    probe: "chat.stream",
    difference: { where: "events.done", live: "no [DONE]", sandbox: "ends with [DONE]" },
    problem: /does not end with data: \[DONE\]/,
  },
  {
    name: "a chat completion answered as a stream",
    drift: {
      matches: on("POST", "/v1/chat/completions"),
      alter: (a) => {
        if (a.events || a.status !== 200) return a;
        a.headers.set("content-type", "text/event-stream; charset=utf-8");
        return { ...a, body: null, events: [{ ...a.body, object: "chat.completion.chunk" }, "[DONE]"] };
      },
    },
    probe: "chat.completion",
    // The lookup has no id to look up on the live side.
    difference: { where: "header content-type", live: "text/event-stream", sandbox: "application/json" },
  },
  {
    name: "a chat cost with another field name",
    drift: {
      matches: on("GET", "/v1/generation"),
      alter: (a) => {
        if (a.status !== 200) return a;
        const { total_cost, ...rest } = a.body.data;
        return { ...a, body: { data: { ...rest, cost: total_cost } } };
      },
    },
    probe: "chat.generation",
    difference: { where: "body.data.total_cost", live: "absent", sandbox: "number" },
    problem: /missing required field "total_cost"/,
  },
];

describe("clipia-sandbox verify reports each kind of drift", () => {
  it.each(DRIFTS)("$name", async ({ drift, probe: name, alsoDiffer = [], difference, problem }) => {
    const report = await verify([drift]);
    expect(report.ok).toBe(false);
    const result = probe(report, name);
    expect(result.verdict).toBe("differ");
    expect(result.differences).toContainEqual(difference);
    if (problem) expect(result.live.problems.join("\n")).toMatch(problem);
    expect(result.sandbox.problems).toEqual([]);
    // Only the drifted probes differ.
    expect(report.probes.filter((p) => p.verdict === "differ").map((p) => p.probe)).toEqual([name, ...alsoDiffer]);
  });

  it("an Idempotency-Key that is not honoured (the replay is a new request)", async () => {
    const { sandbox } = driftedService();
    let submits = 0;
    const replayIgnored: Drift = {
      matches: on("POST", "/v1/models/nano-banana-2"),
      alter: (a) =>
        a.status === 200 && ++submits === 2 ? { ...a, body: { ...a.body, request_id: crypto.randomUUID() } } : a,
    };
    const report = await verify([replayIgnored]);
    expect(sandbox).toBeDefined();
    expect(probe(report, "submit.replay")).toMatchObject({
      verdict: "differ",
      live: { problems: [expect.stringMatching(/another request_id/)] },
    });
  });

  it("a stream whose chunks carry different ids", async () => {
    let chunk = 0;
    const twoIds: Drift = {
      matches: on("POST", "/v1/chat/completions"),
      alter: (a) =>
        a.events
          ? {
              ...a,
              events: a.events.map((event) =>
                typeof event === "string" || ++chunk === 1 ? event : { ...event, id: "chatcmpl-000000000000" },
              ),
            }
          : a,
    };
    const report = await verify([twoIds]);
    expect(probe(report, "chat.stream")).toMatchObject({
      verdict: "differ",
      live: { problems: [expect.stringMatching(/2 different ids, not one/)] },
      sandbox: { problems: [] },
    });
  });

  it("a lookup that answers another completion than the one asked for", async () => {
    const otherId: Drift = {
      matches: on("GET", "/v1/generation"),
      alter: (a) => (a.status === 200 ? { ...a, body: { data: { ...a.body.data, id: "chatcmpl-000000000000" } } } : a),
    };
    const report = await verify([otherId]);
    expect(probe(report, "chat.generation")).toMatchObject({
      verdict: "differ",
      live: { problems: [expect.stringMatching(/not the completion asked for/)] },
    });
  });

  it("the chat probes use the cheapest text model and a few tokens (a live key pays for them)", () => {
    const chat = PROBES.find((p) => p.name === "chat.completion")!;
    expect(chat.body).toMatchObject({ model: "claude-sonnet-4-6", max_tokens: expect.any(Number) });
    expect((chat.body as { max_tokens: number }).max_tokens).toBeLessThanOrEqual(16);
    expect(PROBES.find((p) => p.name === "chat.stream")!.body).toMatchObject({
      ...(chat.body as object),
      stream: true,
    });
  });

  it("a service that does not answer is a difference, not a crash", async () => {
    const { sandbox } = driftedService();
    const report = await runVerify({
      baseUrl: BASE,
      apiKey: sandbox.keys.test,
      openapi: OPENAPI,
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    expect(report.ok).toBe(false);
    expect(probe(report, "account")).toMatchObject({
      verdict: "differ",
      live: { status: null, problems: [expect.stringMatching(/no answer.*fetch failed/)] },
    });
  });
});

describe("verify as a command: keys and exit codes", () => {
  function io(env: Record<string, string>, drifts: Drift[] = []) {
    const { fetch } = driftedService(drifts);
    const out = { stdout: "", stderr: "" };
    return {
      out,
      io: {
        env,
        openapi: OPENAPI,
        fetch,
        stdout: (t: string) => void (out.stdout += t),
        stderr: (t: string) => void (out.stderr += t),
      },
    };
  }
  const { sandbox } = driftedService();

  it("refuses a live key without --allow-live, without printing it (exit 2)", async () => {
    const { out, io: streams } = io({ CLIPIA_API_KEY: sandbox.keys.live });
    expect(await verifyCommand(["--base-url", BASE], streams)).toBe(2);
    expect(out.stderr).toMatch(/live key: refused/);
    expect(out.stdout).toBe("");
    expect(out.stderr).not.toContain(sandbox.keys.live);
  });

  it("accepts a live key with --allow-live (the sandbox side uses its live key too)", async () => {
    const { out, io: streams } = io({ CLIPIA_API_KEY: sandbox.keys.live });
    expect(await verifyCommand(["--base-url", BASE, "--allow-live"], streams)).toBe(0);
    expect(out.stdout).toMatch(/\(live key\)/);
  });

  it.each<{ name: string; env: Record<string, string>; args: string[]; error: RegExp }>([
    { name: "no key", env: {}, args: [], error: /set CLIPIA_API_KEY/ },
    {
      name: "not a Clipia key",
      env: { CLIPIA_API_KEY: "sk-not-clipia-0123456789" },
      args: [],
      error: /not a Clipia key/,
    },
    {
      name: "plain http off loopback",
      env: { CLIPIA_API_KEY: "clipia_test_x" },
      args: ["--base-url", "http://api.clipia.ai"],
      error: /https/,
    },
    {
      name: "an unknown option",
      env: { CLIPIA_API_KEY: "clipia_test_x" },
      args: ["--nope"],
      error: /unknown option '--nope'/,
    },
  ])("usage error: $name (exit 2)", async ({ env, args, error }) => {
    const { out, io: streams } = io(env);
    expect(await verifyCommand(args, streams)).toBe(2);
    expect(out.stderr).toMatch(error);
    expect(out.stderr).not.toContain("sk-not-clipia-0123456789");
  });

  it("exits 1 on a difference; neither key appears in the table or the JSON", async () => {
    const drift = DRIFTS[0]!.drift;
    const env = { CLIPIA_API_KEY: sandbox.keys.test, CLIPIA_READ_ONLY_KEY: sandbox.keys.test_read_only };
    const table = io(env, [drift]);
    expect(await verifyCommand(["--base-url", BASE], table.io)).toBe(1);
    expect(table.out.stdout).toMatch(/^account\s+200\s+\(\d+ off-contract\)\s+200\s+differ$/m);
    expect(table.out.stdout).toMatch(/DIFFERENT: 1 of 17 probes differ/);
    const json = io(env, [drift]);
    expect(await verifyCommand(["--base-url", BASE, "--json"], json.io)).toBe(1);
    expect(JSON.parse(json.out.stdout)).toMatchObject({ ok: false, environment: "test" });
    for (const text of [table.out.stdout, table.out.stderr, json.out.stdout, json.out.stderr]) {
      expect(text).not.toContain(sandbox.keys.test);
      expect(text).not.toContain(sandbox.keys.test_read_only);
    }
  });
});
