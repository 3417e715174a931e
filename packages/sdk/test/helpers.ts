import type { Fetch } from "@clipia/sdk";

/** Well-formed keys for stubbed tests (the SDK checks only the prefix and the alphabet). */
export const LIVE_KEY = "clipia_live_AbCdEfGhIjKlMnOpQrStUv";
export const TEST_KEY = "clipia_test_ZyXwVuTsRqPoNmLkJiHgFe";

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

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

const TYPES: Record<number, string> = { 401: "authentication_error", 403: "permission_error", 429: "rate_limit_error" };

/** The API's error envelope `{error: {type, code, message}}`. */
export function apiError(status: number, code: string, headers: Record<string, string> = {}): Response {
  const type = TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
  return json(status, { error: { type, code, message: `${code} happened` } }, headers);
}

export const REQUEST_ID = "764cabcf-b745-4b3e-ae38-1200304cf45b";

export const submitted = (overrides: Record<string, unknown> = {}) => ({
  request_id: REQUEST_ID,
  status: "IN_QUEUE",
  queue_position: 2,
  status_url: `https://api.clipia.ai/v1/requests/${REQUEST_ID}/status`,
  response_url: `https://api.clipia.ai/v1/requests/${REQUEST_ID}`,
  cost: 4,
  ...overrides,
});

export const statusOf = (status: string, queue_position: number | null = null, progress: number | null = null) => ({
  request_id: REQUEST_ID,
  status,
  queue_position,
  progress,
  logs: [],
});

export const resultOf = (status = "COMPLETED", overrides: Record<string, unknown> = {}) => ({
  request_id: REQUEST_ID,
  status,
  model: "nano-banana-2",
  output:
    status === "COMPLETED"
      ? {
          images: [
            {
              url: "https://media.clipia.ai/a.webp",
              original_url: "https://media.clipia.ai/a.png",
              width: 1024,
              height: 1024,
            },
          ],
        }
      : null,
  error:
    status === "FAILED"
      ? { code: "GENERATION_FAILED", message: "upstream failed" }
      : status === "CANCELED"
        ? { code: "GENERATION_CANCELED", message: "canceled in the console" }
        : null,
  cost: 4,
  created_at: "2026-07-01T10:00:00Z",
  completed_at: "2026-07-01T10:00:12Z",
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
