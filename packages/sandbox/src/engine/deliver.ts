import type { WebhookFetch } from "./state.js";
import { type HostResolver, loopbackAddresses, type ResolvedAddress } from "./webhook-target.js";

interface DnsPromises {
  lookup(hostname: string, options: { all: true; verbatim: true }): Promise<ResolvedAddress[]>;
}

/**
 * The platform's resolver where there is one to ask (Node, and runtimes with its built-ins),
 * reached through `process.getBuiltinModule`: no `node:` import, so this module still loads in a
 * browser. Undefined elsewhere: a browser resolves `*.localhost` to loopback itself.
 */
function platformResolver(): HostResolver | undefined {
  const dns = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
    "node:dns",
  ) as { promises: DnsPromises } | undefined;
  if (!dns) return undefined;
  return (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });
}

/**
 * A webhook fetch on the global `fetch`, marked with MSW's own bypass marker (`Accept:
 * msw/passthrough`, what `bypass()` sets, and MSW strips it before sending), so a delivery to a
 * local receiver still arrives in process under `setupServer` / `setupWorker`, even with
 * `onUnhandledRequest: "error"`. Without MSW the marker is an inert Accept value. With a
 * resolver, the target's name is resolved first and sent to only when every address is loopback
 * (else `WebhookNotSent`); the global `fetch` then looks the name up again itself, which a
 * rebinding resolver could answer differently in between (the Node server connects to the
 * checked address; see node/deliver-http.ts).
 */
export function createBypassingFetch(resolve: HostResolver | undefined): WebhookFetch {
  return async (request) => {
    if (resolve) await loopbackAddresses(new URL(request.url).hostname, resolve, request.signal);
    const headers = new Headers(request.headers);
    headers.append("accept", "msw/passthrough");
    return globalThis.fetch(new Request(request, { headers }));
  };
}

let platformFetch: WebhookFetch | undefined;

/** The default webhook fetch of an in-process sandbox: `createBypassingFetch` on the platform's resolver. */
export const bypassingFetch: WebhookFetch = (request) => {
  // Built on first use: importing this module asks the platform nothing.
  platformFetch ??= createBypassingFetch(platformResolver());
  return platformFetch(request);
};
