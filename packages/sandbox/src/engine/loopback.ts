// What counts as "this machine", written once for every layer: where a webhook may go (SPEC §2 D,
// §5.1), which Host the control plane answers, which bind needs no warning, and where `verify`
// may send a key over plain http. Two questions, one definition of the ranges:
// - isLoopbackAddress: is this IP address in a loopback range? (what a name resolved to)
// - isLoopbackHostname: does this host, as written in a URL, mean this machine? (before any lookup)
import { isIpAllowed } from "./ip-match.js";

/**
 * The loopback ranges. An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is matched as its IPv4
 * address (ip-match), so 127.0.0.0/8 mapped into IPv6 is loopback too; `::ffff:0.0.0.127` is not.
 */
const LOOPBACK_RANGES: readonly string[] = ["127.0.0.0/8", "::1/128"];

/**
 * The WHATWG URL parser's canonical form of a host (`127.1` → `127.0.0.1`,
 * `::ffff:127.0.0.1` → `[::ffff:7f00:1]`; IPv6 bracketed), or null when no URL can carry it.
 * A name comes back lower-cased, as a URL's `hostname`.
 */
export function canonicalHost(address: string): string | null {
  const bare = address.replace(/^\[(.*)\]$/, "$1");
  try {
    return new URL(`http://${bare.includes(":") ? `[${bare}]` : bare}/`).hostname;
  } catch {
    return null;
  }
}

/**
 * Whether `address` is a loopback IP address: in 127.0.0.0/8, `::1`, or 127.0.0.0/8 mapped into
 * IPv6. IPv6 bracketed or not, in any spelling the URL parser accepts (`0:0:0:0:0:0:0:1`,
 * `127.1`). A name (`localhost`) is not an address: false.
 */
export function isLoopbackAddress(address: string): boolean {
  const host = canonicalHost(address);
  return host !== null && isIpAllowed(LOOPBACK_RANGES, host);
}

/**
 * Whether a host, as a URL's `hostname` (or a `--host` option) writes it, reads as this machine:
 * a loopback address, or `localhost` and its subdomains (RFC 6761). How a name reads is not where
 * it resolves (`/etc/hosts` can map `hook.localhost` anywhere): where that matters, check the
 * resolved addresses with {@link isLoopbackAddress} (the webhook fetch does).
 */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || isLoopbackAddress(host);
}
