import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { WebhookFetch } from "../engine/state.js";

/**
 * The server's webhook fetch, on node:http: one connection per attempt (no pool that outlives a
 * shutdown), never a redirect, and an abort (the 10 s timeout, the server's close) destroys the
 * socket at once — the global fetch leaves an aborted request's socket open until the receiver
 * answers. Only the status is read; the body is discarded.
 */
export const nodeDeliver: WebhookFetch = async (request) => {
  const url = new URL(request.url);
  const body = Buffer.from(await request.arrayBuffer());
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers["content-length"] = String(body.byteLength);
    const outgoing = send(url, { method: request.method, headers, signal: request.signal, agent: false }, (incoming) => {
      const status = incoming.statusCode ?? 0;
      incoming.destroy();
      // Only what attemptDelivery reads: a Response may not carry every status a receiver can send.
      resolve({ status, type: "basic", body: null } as unknown as Response);
    });
    outgoing.on("error", (error) => reject(request.signal.aborted ? request.signal.reason : error));
    outgoing.end(body);
  });
};
