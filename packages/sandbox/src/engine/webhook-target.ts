// Where a webhook may go (SPEC §5.1): only to this machine. A name is judged by the addresses it
// resolves to, not by how it reads: `hook.localhost` mapped (by /etc/hosts or a resolver that
// answers `*.localhost`) to 10.0.0.1 is off the machine.
import { canonicalHost, isLoopbackAddress } from "./loopback.js";

/** One address a name resolves to, as `dns.lookup` (`{ all: true }`) answers. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it names; rejects when it names none. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * Thrown by a webhook fetch that refuses a target: its name resolved to an address off the
 * machine. The delivery is recorded as not sent, like a delivery to any non-loopback URL.
 */
export class WebhookNotSent extends Error {
  override readonly name = "WebhookNotSent";
}

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * The addresses to connect to for a webhook to `hostname` (a URL's `hostname`): an IP literal
 * stands for itself, a name is resolved once. Only when every address is loopback; otherwise
 * `WebhookNotSent`. A failed lookup rejects with its own error (an unreachable receiver: the
 * attempt failed and is retried). Connect to these very addresses: a second lookup is a second
 * answer a rebinding resolver could change. `signal` (the attempt's timeout) cuts a slow lookup.
 */
export async function loopbackAddresses(
  hostname: string,
  resolve: HostResolver,
  signal?: AbortSignal,
): Promise<ResolvedAddress[]> {
  const literal = hostname.startsWith("[") || IPV4.test(hostname);
  const resolved = literal
    ? [{ address: hostname, family: hostname.startsWith("[") ? 6 : 4 } as const]
    : await untilAborted(resolve(hostname), signal);
  if (resolved.length === 0 || !resolved.every((entry) => isLoopbackAddress(entry.address))) {
    throw new WebhookNotSent(`The webhook host ${hostname} does not resolve to loopback addresses only.`);
  }
  // Canonical and unbracketed, as a socket connects to it.
  return resolved.map((entry) => ({
    address: canonicalHost(entry.address)!.replace(/^\[(.*)\]$/, "$1"),
    family: entry.family,
  }));
}

/** `promise`, or the signal's reason once it aborts first (a lookup cannot itself be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
