// A "live service" for the verify tests: an in-process sandbox whose answers a test can alter,
// the way the real service could drift from the sandbox.
import { readFileSync } from "node:fs";
import { createSandbox } from "@clipia/sandbox";
import { parse } from "yaml";
import type { OpenApiDocument } from "../../src/node/verify/index.js";

/** openapi.yaml of the repository, as the build ships it (dist/openapi.json). */
export const OPENAPI = parse(
  readFileSync(new URL("../../../../openapi.yaml", import.meta.url), "utf8"),
) as OpenApiDocument;

/**
 * An answer as a drift sees it: a JSON body, or for a `text/event-stream` answer its events (each
 * `data` parsed as JSON; the final `[DONE]` as that string) with `body` null.
 */
export interface DriftAnswer {
  status: number;
  headers: Headers;
  body: any;
  events?: any[];
}

/** One alteration: which answers it applies to, and what it does to them. */
export interface Drift {
  matches: (method: string, path: string) => boolean;
  alter: (answer: DriftAnswer) => DriftAnswer;
}

/** The `data` of each event of an SSE text: JSON parsed, `[DONE]` kept as text. */
function readEvents(text: string): any[] {
  return text
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: "))
    .map((frame) => frame.slice("data: ".length))
    .map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
}

const writeEvents = (events: any[]) =>
  events.map((event) => `data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`).join("");

/** The default sandbox as a fetch, each answer passed through `drifts`. Also gives the sandbox's keys. */
export function driftedService(drifts: readonly Drift[] = []) {
  const sandbox = createSandbox();
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const response = await sandbox.fetch(input, init);
    const { pathname } = new URL(input);
    const method = init.method ?? "GET";
    const active = drifts.filter((drift) => drift.matches(method, pathname));
    if (active.length === 0) return response;
    const text = await response.text();
    const stream = /^text\/event-stream/.test(response.headers.get("content-type") ?? "");
    let answer: DriftAnswer = {
      status: response.status,
      headers: new Headers(response.headers),
      body: text === "" || stream ? null : JSON.parse(text),
      ...(stream ? { events: readEvents(text) } : {}),
    };
    for (const drift of active) answer = drift.alter(answer);
    const written = answer.events
      ? writeEvents(answer.events)
      : answer.body === null
        ? null
        : JSON.stringify(answer.body);
    return new Response(written, { status: answer.status, headers: answer.headers });
  };
  return { sandbox, fetch };
}
