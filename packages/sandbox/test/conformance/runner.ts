import type { ConformanceCase, Expectation, Step, Value, Vars } from "./types.js";

/** How a run reaches the sandbox: a base URL, the fetch to use, and the contract check. */
export interface Transport {
  baseUrl: string;
  fetch: typeof fetch;
  /** Validates one response against openapi.yaml; throws on a mismatch. */
  validate: (exchange: { method: string; path: string; status: number; headers: Headers; body: unknown }) => void | Promise<void>;
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
function mismatches(actual: unknown, expected: unknown, at: string): string[] {
  if (typeof expected === "function") return (expected as (v: unknown) => boolean)(actual) ? [] : [`${at}: predicate failed on ${JSON.stringify(actual)}`];
  if (expected instanceof RegExp) return typeof actual === "string" && expected.test(actual) ? [] : [`${at}: ${JSON.stringify(actual)} !~ ${expected}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${at}: expected an array of ${expected.length}, got ${JSON.stringify(actual)}`];
    return expected.flatMap((item, i) => mismatches(actual[i], item, `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([k, v]) => mismatches((actual as Record<string, unknown>)[k], v, `${at}.${k}`));
  }
  return Object.is(actual, expected) ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

interface Sent {
  method: string;
  path: string;
  response: Promise<Response>;
}

function send(step: Step, vars: Vars, transport: Transport): Sent {
  const path = String(template(resolve(step.path, vars), vars));
  const headers = new Headers(template(resolve(step.headers ?? {}, vars), vars) as Record<string, string>);
  if (step.auth !== undefined) headers.set("authorization", `Bearer ${String(lookup(vars, step.auth))}`);
  let body: string | undefined;
  if (step.rawBody !== undefined) {
    body = resolve(step.rawBody, vars);
    headers.set("content-type", step.contentType ?? "application/json");
  } else if (step.body !== undefined) {
    body = JSON.stringify(template(resolve(step.body, vars), vars, true));
    headers.set("content-type", step.contentType ?? "application/json");
  }
  const response = transport.fetch(new URL(path, transport.baseUrl), { method: step.method, headers, ...(body === undefined ? {} : { body }) });
  return { method: step.method, path, response };
}

async function check(step: Step, sent: Sent, vars: Vars, transport: Transport, label: string): Promise<void> {
  const where = `${label}: ${sent.method} ${sent.path}`;
  if (step.networkError) {
    const outcome = await sent.response.then(
      (response) => `answered ${response.status}`,
      (error: unknown) => (error instanceof TypeError ? "ok" : `rejected with ${String(error)}`),
    );
    if (outcome !== "ok") throw new Error(`${where}: expected a network error (TypeError), ${outcome}`);
    return;
  }
  const response = await sent.response;
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    throw new Error(`${where}: body is not JSON: ${text.slice(0, 200)}`);
  }
  const problems: string[] = [];
  const requestId = response.headers.get("x-request-id");
  if (requestId === null || !/^req_[0-9A-Za-z]+$/.test(requestId)) problems.push(`X-Request-Id missing or malformed: ${requestId}`);
  if (response.status >= 400) {
    const envelopeId = (body as { error?: { request_id?: unknown } } | undefined)?.error?.request_id;
    if (envelopeId !== requestId) problems.push(`error.request_id ${String(envelopeId)} != X-Request-Id ${requestId}`);
  }
  try {
    await transport.validate({ method: sent.method, path: sent.path, status: response.status, headers: response.headers, body });
  } catch (error) {
    problems.push(`contract: ${(error as Error).message}`);
  }
  const expect: Expectation | undefined = step.expect;
  if (expect) {
    if (response.status !== expect.status) problems.push(`status ${response.status}, expected ${expect.status}`);
    const error = (body as { error?: { code?: string; param?: string; message?: string } } | undefined)?.error;
    if (expect.code !== undefined && error?.code !== expect.code) problems.push(`error.code ${error?.code}, expected ${expect.code}`);
    if (expect.param !== undefined && error?.param !== expect.param) problems.push(`error.param ${error?.param}, expected ${expect.param}`);
    if (expect.message && !expect.message.test(error?.message ?? "")) problems.push(`error.message ${JSON.stringify(error?.message)} !~ ${expect.message}`);
    for (const [name, want] of Object.entries(expect.headers ?? {})) {
      const got = response.headers.get(name);
      const ok = want === null ? got === null : want instanceof RegExp ? got !== null && want.test(got) : got === want;
      if (!ok) problems.push(`header ${name}: ${JSON.stringify(got)}, expected ${want === null ? "absent" : String(want)}`);
    }
    if (expect.body !== undefined) problems.push(...mismatches(body, template(expect.body, vars), "body"));
    if (problems.length === 0 && expect.check) {
      try {
        expect.check(body, vars, response);
      } catch (failure) {
        problems.push((failure as Error).message);
      }
    }
  }
  if (problems.length > 0) throw new Error(`${where}\n  ${problems.join("\n  ")}\n  body: ${text.slice(0, 600)}`);
  if (step.save) vars[step.save] = body;
}

/** Runs one case: creates its isolated accounts, then its steps in order. */
export async function runCase(testCase: ConformanceCase, transport: Transport): Promise<void> {
  const vars: Vars = {};
  for (const [name, settings] of Object.entries(testCase.accounts ?? { a: {} })) {
    const step: Step = { method: "POST", path: "/_sandbox/accounts", body: settings, expect: { status: 201 }, save: "__account" };
    await check(step, send(step, vars, transport), vars, transport, `account ${name}`);
    const created = vars.__account as { account: unknown; keys: Record<string, string>; webhook_secret: string };
    delete vars.__account;
    vars[name] = { ...created.keys, account: created.account, webhook_secret: created.webhook_secret };
  }
  const background: Promise<void>[] = [];
  for (const [index, step] of testCase.steps.entries()) {
    if (step.sleepMs) await new Promise((done) => setTimeout(done, step.sleepMs));
    const sent = send(step, vars, transport);
    const done = check(step, sent, vars, transport, `step ${index + 1}`);
    if (step.background) {
      done.catch(() => undefined); // reported by Promise.all below
      background.push(done);
      // Let the request reach the sandbox before the next step is sent.
      await new Promise((resolved) => setTimeout(resolved, 20));
    } else {
      await done;
    }
  }
  await Promise.all(background);
}
