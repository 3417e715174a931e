import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { WebhookFetch } from "../engine/state.js";
import { type HostResolver, loopbackAddresses, type ResolvedAddress } from "../engine/webhook-target.js";

/** The system resolver, as `dns.lookup` answers (the hosts file included). */
const systemResolver: HostResolver = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true }) as Promise<ResolvedAddress[]>;

/** A `lookup` for the socket that answers the addresses already checked, so no second lookup happens. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) return void callback(null, addresses);
    const first = addresses.find((entry) => !options.family || entry.family === options.family) ?? addresses[0]!;
    callback(null, first.address, first.family);
  };
}

/**
 * The server's webhook fetch, on node:http: one connection per attempt (no pool that outlives a
 * shutdown), never a redirect, and an abort (the 10 s timeout, the server's close) destroys the
 * socket at once — the global fetch leaves an aborted request's socket open until the receiver
 * answers. Only the status is read; the body is discarded. The target's name is resolved once
 * (`resolve`, the system resolver by default): unless every address is loopback the delivery is
 * not sent (`WebhookNotSent`), and the socket connects to the addresses checked — the `Host`
 * header and TLS name stay the URL's.
 */
export function createNodeDeliver(resolve: HostResolver = systemResolver): WebhookFetch {
  return async (request) => {
    const url = new URL(request.url);
    const addresses = await loopbackAddresses(url.hostname, resolve, request.signal);
    const body = Buffer.from(await request.arrayBuffer());
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise<Response>((resolvePromise, reject) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      headers["content-length"] = String(body.byteLength);
      const options = {
        method: request.method,
        headers,
        signal: request.signal,
        agent: false,
        lookup: pinnedLookup(addresses),
      };
      const outgoing = send(url, options, (incoming) => {
        const status = incoming.statusCode ?? 0;
        incoming.destroy();
        // Only what attemptDelivery reads: a Response may not carry every status a receiver can send.
        resolvePromise({ status, type: "basic", body: null } as unknown as Response);
      });
      outgoing.on("error", (error) => reject(request.signal.aborted ? request.signal.reason : error));
      outgoing.end(body);
    });
  };
}

/** The server's webhook fetch on the system resolver. */
export const nodeDeliver: WebhookFetch = createNodeDeliver();
