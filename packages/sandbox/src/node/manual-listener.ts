// BENCH ONLY: a minimal hand-written Node<->Fetch bridge, measured against @hono/node-server.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { Sandbox } from "../sandbox.js";

export function createManualListener(sandbox: Pick<Sandbox, "fetch">, origin: string) {
  return async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const headers = new Headers();
    const raw = incoming.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    const method = incoming.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD";
    const request = new Request(new URL(incoming.url ?? "/", origin), {
      method,
      headers,
      body: hasBody ? (Readable.toWeb(incoming) as ReadableStream) : null,
      ...(hasBody ? { duplex: "half" } : {}),
    } as RequestInit);
    const response = await sandbox.fetch(request, { clientIp: incoming.socket.remoteAddress }).catch(() => Response.error());
    if (response.type === "error" || response.status === 0) {
      incoming.socket.destroy();
      return;
    }
    const body = Buffer.from(await response.arrayBuffer());
    const out: [string, string][] = [];
    response.headers.forEach((value, name) => out.push([name, value]));
    out.push(["content-length", String(body.byteLength)]);
    outgoing.writeHead(response.status, out.flat());
    outgoing.end(body);
  };
}
