import type { Sandbox } from "@clipia/sandbox";

/** The base URL the in-process calls go to. */
export const BASE = "https://api.clipia.ai";

/** A parsed answer. */
export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; `any` because tests read arbitrary wire fields. */
  body: any;
}

/** One call of the sandbox core with a key; the body is sent as JSON. */
export async function call(
  sandbox: Pick<Sandbox, "fetch">,
  key: string | null,
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> & { clientIp?: string } = {},
): Promise<Answer> {
  const { clientIp, ...headers } = extra;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await sandbox.fetch(`${BASE}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(clientIp === undefined ? {} : { clientIp }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
}

/** Submits `input` to `model`. */
export function submit(
  sandbox: Pick<Sandbox, "fetch">,
  key: string,
  model: string,
  input: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return call(sandbox, key, "POST", `/v1/models/${model}`, { input, ...extra });
}
