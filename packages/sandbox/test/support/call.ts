// Tests read wire JSON; `any` keeps their assertions short.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** A fetch the tests are given (the sandbox's, MSW's global one, or a plain one to a server). */
export type Send = (request: Request, init?: { clientIp?: string }) => Promise<Response>;

/** One request, described as data. */
export interface Call {
  method?: string;
  path: string;
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
  clientIp?: string;
}

/** The parts of a response a test asserts on. */
export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Builds a real `Request` for `base` + `call.path`. */
export function toRequest(base: string, call: Call): Request {
  const headers = new Headers(call.headers);
  if (call.key !== undefined) headers.set("authorization", `Bearer ${call.key}`);
  let body = call.rawBody;
  if (call.body !== undefined) body = JSON.stringify(call.body);
  if (body !== undefined && !headers.has("content-type"))
    headers.set("content-type", call.contentType ?? "application/json");
  return new Request(new URL(call.path, base), {
    method: call.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

/** Sends one call and reads the answer (JSON parsed when it is JSON). */
export async function call(send: Send, base: string, options: Call): Promise<Reply> {
  const response = await send(
    toRequest(base, options),
    options.clientIp === undefined ? undefined : { clientIp: options.clientIp },
  );
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** The error code of a reply (undefined on success). */
export const codeOf = (reply: Reply): string | undefined => reply.body?.error?.code;
