import type { Sandbox } from "@clipia/sandbox";

/** One request through `sandbox.fetch` with a real Request object. */
export interface Call {
  method?: string;
  path: string;
  key?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  clientIp?: string;
}

/** The parts of a response a test asserts on. */
export interface Reply {
  status: number;
  headers: Headers;
  // Tests read wire JSON; `any` keeps the assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function call(sandbox: Sandbox, options: Call): Promise<Reply> {
  const headers = new Headers(options.headers);
  if (options.key !== undefined) headers.set("authorization", `Bearer ${options.key}`);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(`https://api.clipia.ai${options.path}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const response = await sandbox.fetch(request, options.clientIp === undefined ? undefined : { clientIp: options.clientIp });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? null : JSON.parse(text) };
}

/** Creates a generation; `key` decides live or test. */
export function generate(sandbox: Sandbox, key: string, model: string, input: Record<string, unknown>, extra: Partial<Call> = {}) {
  return call(sandbox, { path: `/v1/models/${model}`, key, body: { input }, ...extra });
}

/** Creates a key with the admin key and returns its wire object (with `secret`). */
export async function createKey(sandbox: Sandbox, body: Record<string, unknown>, admin = sandbox.keys.admin) {
  const reply = await call(sandbox, { path: "/v1/keys", key: admin, body: { name: "test key", environment: "live", ...body } });
  if (reply.status !== 201) throw new Error(`key creation failed: ${JSON.stringify(reply.body)}`);
  return reply.body as { id: string; secret: string; [field: string]: unknown };
}

/** The error code of a reply (or undefined on success). */
export const codeOf = (reply: Reply): string | undefined => reply.body?.error?.code;
