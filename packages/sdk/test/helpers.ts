import type { Fetch } from "@clipia/sdk";

/** Well-formed looking keys for stubbed tests (the stub never checks the checksum). */
export const LIVE_KEY = "clipia_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123a1B2C3";
export const TEST_KEY = "clipia_test_ZyXwVuTsRqPoNmLkJiHgFeDcBa9876q9W8E7";
export const ADMIN_KEY = "clipia_admin_MnBvCxZaSdFgHjKlPoIuYtReWq5432z1X2C3";

export interface Recorded {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

export type Reply = Response | Error | ((request: Recorded, index: number) => Response | Promise<Response>);

/**
 * A fetch that answers from a script: the n-th call gets `replies[n]` (the last one repeats);
 * an Error reply rejects like a network failure. Records every request.
 */
export function scriptedFetch(...replies: Reply[]): Fetch & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const recorded: Recorded = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: await request.text(),
    };
    const index = calls.push(recorded) - 1;
    const reply = replies[Math.min(index, replies.length - 1)];
    if (reply instanceof Error) throw reply;
    if (typeof reply === "function") return reply(recorded, index);
    if (!reply) throw new Error("no scripted reply");
    return reply.clone();
  };
  return Object.assign(fetch, { calls });
}

/** A JSON response with an `X-Request-Id`. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": "req_test123", ...headers },
  });
}

/** The API's error envelope. */
export function apiError(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: { code, message: `${code} happened`, request_id: "req_test123", ...extra } }, headers);
}

export const generation = (overrides: Record<string, unknown> = {}) => ({
  id: "gen_123",
  object: "generation",
  model: "clipia-video-1",
  environment: "test",
  status: "completed",
  input: { prompt: "fox", duration_seconds: 5, aspect_ratio: "16:9" },
  output: null,
  error: null,
  queue_position: null,
  cost_credits: 0,
  created_at: "2026-01-01T00:00:00Z",
  started_at: null,
  completed_at: null,
  metadata: {},
  ...overrides,
});

/** A logger that records every line. */
export function memoryLogger() {
  const lines: Array<{ level: string; text: string }> = [];
  const push =
    (level: string) =>
    (message: string, ...args: unknown[]) =>
      lines.push({ level, text: [message, ...args.map((a) => JSON.stringify(a))].join(" ") });
  return { lines, logger: { debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") } };
}
