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

/** One alteration: which answers it applies to, and what it does to them. */
export interface Drift {
  matches: (method: string, path: string) => boolean;
  alter: (answer: { status: number; headers: Headers; body: any }) => { status: number; headers: Headers; body: any };
}

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
    let answer = {
      status: response.status,
      headers: new Headers(response.headers),
      body: text === "" ? null : JSON.parse(text),
    };
    for (const drift of active) answer = drift.alter(answer);
    return new Response(answer.body === null ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: answer.headers,
    });
  };
  return { sandbox, fetch };
}
