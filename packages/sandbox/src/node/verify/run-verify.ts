// Runs the probe suite against the live service and against a fresh in-process sandbox, checks
// each answer against openapi.yaml and compares the two answers field by field.
import { randomUUID } from "node:crypto";
import { createSandbox } from "../../create-sandbox.js";
import { compareEventStreams, compareShapes, type Difference } from "./compare.js";
import { type EventStream, parseEventStream } from "./event-stream.js";
import { assertSupportedDocument, checkAgainstOpenApi, type OpenApiDocument } from "./openapi.js";
import { type Probe, type ProbeContext, PROBES } from "./probes.js";

/** What {@link runVerify} takes. */
export interface VerifyOptions {
  /** The service to check, e.g. `https://api.clipia.ai`. */
  baseUrl: string;
  /** Its key (a test key unless the caller allowed a live one). */
  apiKey: string;
  /** A key with only the `read` scope, for the scope probe (skipped without it). */
  readOnlyKey?: string;
  /** openapi.yaml as JSON. */
  openapi: OpenApiDocument;
  /** How to reach the service (default: the global fetch). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** One side's answer to a probe. */
export interface SideResult {
  status: number | null;
  /** Where the answer departs from openapi.yaml (or why there was no answer). */
  problems: string[];
}

/** A probe's outcome: `agree`, `differ` (or off-contract), or `skipped` with a reason. */
export interface ProbeResult {
  probe: string;
  description: string;
  verdict: "agree" | "differ" | "skipped";
  reason?: string;
  live: SideResult;
  sandbox: SideResult;
  differences: Difference[];
}

/** The whole run. `ok` is true when no probe differs. */
export interface VerifyReport {
  ok: boolean;
  base_url: string;
  environment: "live" | "test";
  probes: ProbeResult[];
}

interface Side {
  send: (path: string, init: RequestInit) => Promise<Response>;
  keys: Record<"key" | "wrong" | "read_only", string | undefined>;
  context: ProbeContext;
  submitted?: string;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  /** A `text/event-stream` answer, read event by event (`body` is then its text). */
  stream?: EventStream;
}

/** Headers whose presence must agree (their values are volatile, Content-Type's media type aside). */
const COMPARED_HEADERS = [
  "content-type",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "retry-after",
  "www-authenticate",
  "allow",
];

async function send(side: Side, probe: Probe, path: string): Promise<Answer> {
  const headers: Record<string, string> = { accept: probe.stream ? "text/event-stream" : "application/json" };
  const key = probe.credential === "none" ? undefined : side.keys[probe.credential];
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  if (probe.body !== undefined) headers["content-type"] = "application/json";
  if (probe.idempotent) headers["idempotency-key"] = side.context.idempotencyKey;
  const response = await side.send(path, {
    method: probe.method,
    headers,
    ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
  });
  const text = await response.text();
  if (/^text\/event-stream\b/i.test(response.headers.get("content-type") ?? "")) {
    return { status: response.status, headers: response.headers, body: text, stream: parseEventStream(text) };
  }
  let body: unknown = text;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // kept as text: the schema check reports it
  }
  return { status: response.status, headers: response.headers, body };
}

function headerDifferences(live: Headers, sandbox: Headers): Difference[] {
  const out: Difference[] = [];
  for (const name of COMPARED_HEADERS) {
    const l = live.get(name);
    const s = sandbox.get(name);
    if ((l === null) !== (s === null))
      out.push({
        where: `header ${name}`,
        live: l === null ? "absent" : "present",
        sandbox: s === null ? "absent" : "present",
      });
    else if (name === "content-type" && l !== null && s !== null) {
      const media = (value: string) => value.split(";")[0]!.trim().toLowerCase();
      if (media(l) !== media(s)) out.push({ where: "header content-type", live: media(l), sandbox: media(s) });
    }
  }
  return out;
}

/**
 * What a stream must be on each side: well framed (`data: …` events, `data: [DONE]` last), and
 * every chunk of the one completion, under the same id.
 */
function streamProblems(probe: Probe, answer: Answer): string[] {
  if (!answer.stream) {
    const ok = answer.status >= 200 && answer.status <= 299;
    return probe.stream && ok ? ["asked for stream: true, the answer is not text/event-stream"] : [];
  }
  const ids = new Set(answer.stream.events.map((event) => (event as { id?: unknown } | null)?.id));
  const sameId = ids.size <= 1 ? [] : [`the stream's chunks carry ${ids.size} different ids, not one`];
  return [...answer.stream.problems, ...sameId];
}

/** The chat invariants that hold on each side: the lookup answers the completion it was asked for. */
function chatProblems(side: Side, probe: Probe, answer: Answer): string[] {
  if (answer.status < 200 || answer.status > 299) return [];
  if (probe.name === "chat.completion") {
    const id = (answer.body as { id?: unknown } | null)?.id;
    if (typeof id === "string") side.context.chatId = id;
    return [];
  }
  const found = (answer.body as { data?: { id?: unknown } } | null)?.data?.id;
  if (probe.name === "chat.generation" && found !== side.context.chatId) {
    return [`GET /v1/generation answered ${JSON.stringify(found)}, not the completion asked for`];
  }
  return [];
}

/** Checks only the submit's invariants that hold on each side: the replay returns the first request_id. */
function submitProblems(side: Side, probe: Probe, answer: Answer): string[] {
  const body = answer.body as { request_id?: unknown } | null;
  if (answer.status < 200 || answer.status > 299 || typeof body?.request_id !== "string") return [];
  if (probe.name === "submit") {
    side.context.requestId = body.request_id;
    return [];
  }
  if (
    probe.name === "submit.replay" &&
    side.context.requestId !== undefined &&
    body.request_id !== side.context.requestId
  ) {
    return ["the replay answered another request_id than the first submit (Idempotency-Key not honoured)"];
  }
  return [];
}

// On a live key a request's status moves on its own: only codes, types and `object` must agree.
const LIVE_VALUE_FIELDS: ReadonlySet<string> = new Set(["code", "type", "object"]);

async function runProbe(
  doc: OpenApiDocument,
  probe: Probe,
  live: Side,
  sandbox: Side,
  environment: "live" | "test",
): Promise<ProbeResult> {
  const base = { probe: probe.name, description: probe.description, differences: [] as Difference[] };
  const skipped = (reason: string): ProbeResult => ({
    ...base,
    verdict: "skipped",
    reason,
    live: { status: null, problems: [] },
    sandbox: { status: null, problems: [] },
  });
  if (probe.needsReadOnlyKey && live.keys.read_only === undefined)
    return skipped("no read-only key given (--read-only-key or CLIPIA_READ_ONLY_KEY)");
  const livePath = probe.path(live.context);
  const sandboxPath = probe.path(sandbox.context);
  if (livePath === undefined || sandboxPath === undefined)
    return skipped(`the ${probe.after ?? "earlier"} probe gave no id on one side`);

  let liveAnswer: Answer;
  try {
    liveAnswer = await send(live, probe, livePath);
  } catch (error) {
    const reason = `no answer from the live service: ${(error as Error).message}`;
    return {
      ...base,
      verdict: "differ",
      live: { status: null, problems: [reason] },
      sandbox: { status: null, problems: [] },
    };
  }
  const sandboxAnswer = await send(sandbox, probe, sandboxPath);
  const check = (side: Side, answer: Answer) => [
    ...checkAgainstOpenApi(doc, probe.method, probe.operation, { ...answer, events: answer.stream?.events }),
    ...submitProblems(side, probe, answer),
    ...streamProblems(probe, answer),
    ...chatProblems(side, probe, answer),
  ];
  const liveResult = { status: liveAnswer.status, problems: check(live, liveAnswer) };
  const sandboxResult = { status: sandboxAnswer.status, problems: check(sandbox, sandboxAnswer) };
  const differences: Difference[] = [];
  if (liveAnswer.status !== sandboxAnswer.status)
    differences.push({ where: "status", live: String(liveAnswer.status), sandbox: String(sandboxAnswer.status) });
  differences.push(...headerDifferences(liveAnswer.headers, sandboxAnswer.headers));
  const values = environment === "live" ? LIVE_VALUE_FIELDS : undefined;
  if (liveAnswer.stream && sandboxAnswer.stream) {
    differences.push(...compareEventStreams(liveAnswer.stream, sandboxAnswer.stream, values));
  } else if (!liveAnswer.stream && !sandboxAnswer.stream) {
    differences.push(...compareShapes(liveAnswer.body, sandboxAnswer.body, "body", values));
  }
  // One stream and one JSON answer: the Content-Type difference above already says so.
  const agree = differences.length === 0 && liveResult.problems.length === 0 && sandboxResult.problems.length === 0;
  return { ...base, verdict: agree ? "agree" : "differ", live: liveResult, sandbox: sandboxResult, differences };
}

/** An unknown key of the same environment: well formed, never issued. */
function wrongKey(apiKey: string): string {
  const prefix = apiKey.startsWith("clipia_live_") ? "clipia_live_" : "clipia_test_";
  return `${prefix}${randomUUID().replace(/-/g, "")}`;
}

/**
 * Sends the probe suite to `options.baseUrl` and to a fresh in-process sandbox, and reports, per
 * probe, whether the two answers agree (same status, same headers present, same fields and types)
 * and match openapi.yaml.
 */
export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
  // Before any request: a schema the validator cannot fully check would pass answers unchecked.
  assertSupportedDocument(options.openapi);
  const environment = options.apiKey.startsWith("clipia_live_") ? "live" : "test";
  const base = options.baseUrl.replace(/\/+$/, "");
  const liveFetch = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const idempotencyKey = randomUUID();

  const local = createSandbox();
  const localKey = environment === "live" ? local.keys.live : local.keys.test;
  const localReadOnly =
    environment === "live"
      ? local.createKey(local.account.account_id, { name: "verify read-only", environment: "live", scopes: ["read"] })
          .secret
      : local.keys.test_read_only;
  const live: Side = {
    send: (path, init) => liveFetch(`${base}${path}`, init),
    keys: { key: options.apiKey, wrong: wrongKey(options.apiKey), read_only: options.readOnlyKey },
    context: { idempotencyKey },
  };
  const sandbox: Side = {
    send: (path, init) => local.fetch(`http://127.0.0.1:4010${path}`, init),
    keys: { key: localKey, wrong: wrongKey(options.apiKey), read_only: localReadOnly },
    context: { idempotencyKey },
  };

  const probes: ProbeResult[] = [];
  for (const probe of PROBES) probes.push(await runProbe(options.openapi, probe, live, sandbox, environment));
  return { ok: probes.every((probe) => probe.verdict !== "differ"), base_url: base, environment, probes };
}
