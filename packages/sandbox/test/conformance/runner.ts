import { call as callOnce, type Reply, type Send } from "../support/call.js";
import type { Receiver } from "../support/receiver.js";
import { ERROR_TYPES, FULL_KEY } from "../support/wire.js";
import type { CaseContext, CodeStep, ConformanceCase, Expectation, HttpStep, Step, Value, Vars } from "./types.js";

/** How a run reaches the sandbox: a base URL, the fetch to use, the contract check, a webhook receiver. */
export interface Transport {
  baseUrl: string;
  fetch: Send;
  /** Validates one response against openapi.yaml / sandbox.openapi.yaml; throws on a mismatch. */
  validate: (exchange: { method: string; path: string; status: number; headers: Headers; body: unknown }) => void;
  receiver: Receiver;
}

const resolve = <T>(value: Value<T>, vars: Vars): T =>
  typeof value === "function" ? (value as (v: Vars) => T)(vars) : value;

function lookup(vars: Vars, dotted: string): unknown {
  let current: unknown = vars;
  for (const part of dotted.split(".")) {
    if (current === null || typeof current !== "object" || !(part in current)) {
      throw new Error(`template {{${dotted}}} refers to nothing saved (at "${part}")`);
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Replaces `{{a.b}}` in every string of a JSON value; a string that is one template keeps the raw
 * value. In a request (`call`), a function leaf is called with the saved values; in an
 * expectation it is a predicate and stays.
 */
function template(value: unknown, vars: Vars, call = false): unknown {
  if (call && typeof value === "function") return (value as (v: Vars) => unknown)(vars);
  if (typeof value === "string") {
    const whole = /^\{\{([\w.]+)\}\}$/.exec(value);
    if (whole) return lookup(vars, whole[1]!);
    return value.replace(/\{\{([\w.]+)\}\}/g, (_, name: string) => String(lookup(vars, name)));
  }
  if (Array.isArray(value)) return value.map((item) => template(item, vars, call));
  if (value !== null && typeof value === "object" && !(value instanceof RegExp)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, template(v, vars, call)]));
  }
  return value;
}

/** Every leaf of `expected` must match `actual`; arrays must have the same length. */
export function mismatches(actual: unknown, expected: unknown, at: string): string[] {
  if (typeof expected === "function")
    return (expected as (v: unknown) => boolean)(actual)
      ? []
      : [`${at}: predicate failed on ${JSON.stringify(actual)}`];
  if (expected instanceof RegExp)
    return typeof actual === "string" && expected.test(actual)
      ? []
      : [`${at}: ${JSON.stringify(actual)} !~ ${expected}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [`${at}: expected an array of ${expected.length}, got ${JSON.stringify(actual)}`];
    return expected.flatMap((item, i) => mismatches(actual[i], item, `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object")
      return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) =>
      mismatches((actual as Record<string, unknown>)[k], v, `${at}.${k}`),
    );
  }
  return Object.is(actual, expected)
    ? []
    : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Checks every answer must pass whatever the step expects: the contract and SPEC §2/§3 invariants. */
function invariants(method: string, path: string, reply: Reply, transport: Transport): string[] {
  const problems: string[] = [];
  if (!path.startsWith("/media/")) {
    try {
      transport.validate({
        method,
        path,
        status: reply.status,
        headers: reply.headers,
        body: reply.text === "" ? undefined : reply.text,
      });
    } catch (error) {
      const detail = (error as { problems?: string[] }).problems ?? [];
      problems.push(`contract: ${(error as Error).message}${detail.length ? `\n    ${detail.join("\n    ")}` : ""}`);
    }
  }
  const error = reply.body?.error;
  if (reply.status >= 400 && path.startsWith("/_sandbox/")) {
    // The control plane has its own codes (sandbox.openapi.yaml); the envelope is the same.
    if (!error || typeof error.type !== "string" || typeof error.code !== "string" || typeof error.message !== "string")
      problems.push("a control-plane error without the {error: {type, code, message}} envelope");
  } else if (reply.status >= 400 && error && typeof error === "object") {
    const wanted = ERROR_TYPES[error.code];
    if (wanted === undefined) problems.push(`error.code ${JSON.stringify(error.code)} is not a code of SPEC §3 / §5.3`);
    else if (error.type !== wanted)
      problems.push(`error.type ${JSON.stringify(error.type)} for ${error.code}, SPEC §3 says ${wanted}`);
  }
  // SPEC §2 D: every /v1 response carries the RateLimit-* headers. Checked here on the answers
  // that come after the rate limit in the check order of §3 (the limits case checks the rest).
  if (path.startsWith("/v1/") && (reply.status < 300 || [402, 422].includes(reply.status))) {
    for (const name of ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]) {
      if (!/^\d+$/.test(reply.headers.get(name) ?? ""))
        problems.push(`header ${name}: ${JSON.stringify(reply.headers.get(name))}, expected an integer`);
    }
  }
  if (reply.status === 401 && !/^Bearer realm="clipia"/.test(reply.headers.get("www-authenticate") ?? "")) {
    problems.push(`401 without WWW-Authenticate: Bearer realm="clipia" (${reply.headers.get("www-authenticate")})`);
  }
  // SPEC §3: messages are sanitised; a key appears only redacted.
  if (reply.status >= 400 && FULL_KEY.test(reply.text)) problems.push("an error body carries a full key");
  if (reply.status === 429 && !/^\d+$/.test(reply.headers.get("retry-after") ?? ""))
    problems.push("429 without an integer Retry-After");
  return problems;
}

function expectationProblems(expect: Expectation, reply: Reply, vars: Vars): string[] {
  const problems: string[] = [];
  if (reply.status !== expect.status) problems.push(`status ${reply.status}, expected ${expect.status}`);
  const error = reply.body?.error as { code?: string; message?: string } | undefined;
  if (expect.code !== undefined && error?.code !== expect.code)
    problems.push(`error.code ${error?.code}, expected ${expect.code}`);
  if (expect.message && !expect.message.test(error?.message ?? ""))
    problems.push(`error.message ${JSON.stringify(error?.message)} !~ ${expect.message}`);
  for (const [name, want] of Object.entries(expect.headers ?? {})) {
    const got = reply.headers.get(name);
    const ok = want === null ? got === null : want instanceof RegExp ? got !== null && want.test(got) : got === want;
    if (!ok)
      problems.push(`header ${name}: ${JSON.stringify(got)}, expected ${want === null ? "absent" : String(want)}`);
  }
  if (expect.body !== undefined) problems.push(...mismatches(reply.body, template(expect.body, vars), "body"));
  if (problems.length === 0 && expect.check) {
    try {
      expect.check(reply.body, vars, reply);
    } catch (failure) {
      problems.push((failure as Error).message);
    }
  }
  return problems;
}

async function sendStep(
  step: HttpStep,
  vars: Vars,
  transport: Transport,
): Promise<{ method: string; path: string; reply: Reply }> {
  const path = String(template(resolve(step.path, vars), vars));
  const headers = template(resolve(step.headers ?? {}, vars), vars) as Record<string, string>;
  const body = step.body === undefined ? undefined : template(resolve(step.body, vars), vars, true);
  const rawBody = step.rawBody === undefined ? undefined : resolve(step.rawBody, vars);
  const reply = await callOnce(transport.fetch, transport.baseUrl, {
    method: step.method,
    path,
    headers,
    ...(step.auth === undefined ? {} : { key: String(lookup(vars, step.auth)) }),
    ...(body === undefined ? {} : { body }),
    ...(rawBody === undefined ? {} : { rawBody }),
    ...(step.contentType === undefined ? {} : { contentType: step.contentType }),
  });
  return { method: step.method, path, reply };
}

async function runHttpStep(step: HttpStep, vars: Vars, transport: Transport, label: string): Promise<void> {
  const { method, path, reply } = await sendStep(step, vars, transport);
  const problems = [...invariants(method, path, reply, transport), ...expectationProblems(step.expect, reply, vars)];
  if (problems.length > 0)
    throw new Error(`${label}: ${method} ${path}\n  ${problems.join("\n  ")}\n  body: ${reply.text.slice(0, 600)}`);
  if (step.save) vars[step.save] = reply.body;
}

function context(vars: Vars, transport: Transport, label: string): CaseContext {
  return {
    vars,
    baseUrl: transport.baseUrl,
    receiver: transport.receiver,
    fetch: (url, init) => transport.fetch(new Request(new URL(url, transport.baseUrl), init)),
    async call(options) {
      const key = options.key ?? (options.auth === undefined ? undefined : String(lookup(vars, options.auth)));
      const method = options.method ?? (options.body === undefined ? "GET" : "POST");
      const reply = await callOnce(transport.fetch, transport.baseUrl, {
        ...options,
        method,
        ...(key === undefined ? {} : { key }),
      });
      const problems = invariants(method, options.path, reply, transport);
      if (problems.length > 0)
        throw new Error(
          `${label}: ${method} ${options.path}\n  ${problems.join("\n  ")}\n  body: ${reply.text.slice(0, 600)}`,
        );
      return reply;
    },
  };
}

const isCode = (step: Step): step is CodeStep => "run" in step;

/** Runs one case: creates its isolated accounts, then its steps in order. */
export async function runCase(testCase: ConformanceCase, transport: Transport): Promise<void> {
  const vars: Vars = { base: transport.baseUrl.replace(/\/$/, "") };
  for (const [name, settings] of Object.entries(testCase.accounts ?? { a: {} })) {
    const step: HttpStep = {
      method: "POST",
      path: "/_sandbox/accounts",
      body: settings,
      expect: { status: 201 },
      save: "__account",
    };
    await runHttpStep(step, vars, transport, `account ${name}`);
    const created = vars.__account as {
      account: { account_id: string };
      keys: Record<string, string>;
      webhook_secret: string;
    };
    delete vars.__account;
    vars[name] = {
      ...created.keys,
      id: created.account.account_id,
      account: created.account,
      webhook_secret: created.webhook_secret,
    };
  }
  const background: Promise<void>[] = [];
  for (const [index, step] of testCase.steps.entries()) {
    const label = `step ${index + 1}${isCode(step) ? ` (${step.label})` : ""}`;
    if (isCode(step)) {
      await step.run(context(vars, transport, label));
      continue;
    }
    const times = step.times ?? 1;
    for (let i = 0; i < times; i++) {
      const done = runHttpStep(step, vars, transport, times > 1 ? `${label} #${i + 1}` : label);
      if (step.background) {
        done.catch(() => undefined); // reported by Promise.all below
        background.push(done);
        // Let the request reach the sandbox before the next step is sent.
        await new Promise((resolved) => setTimeout(resolved, 30));
      } else {
        await done;
      }
    }
  }
  await Promise.all(background);
}
