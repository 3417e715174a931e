// IPv4/IPv6 address and CIDR matching for `allowed_ips`. An IPv4-mapped IPv6 address
// (`::ffff:a.b.c.d`) is treated as the IPv4 address, so an IPv4-only list still accepts it.

interface Address {
  version: 4 | 6;
  bytes: number[];
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || (part.length > 1 && part.startsWith("0"))) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | null {
  let head = text;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    // An embedded IPv4 tail (`::ffff:10.0.0.1`) becomes the last two hex groups.
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    head = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const toGroups = (part: string) => (part === "" ? [] : part.split(":"));
  const left = toGroups(halves[0] ?? "");
  const right = halves.length === 2 ? toGroups(halves[1] ?? "") : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  const bytes: number[] = [];
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

/** Parses an IPv4 or IPv6 address; IPv4-mapped IPv6 comes back as IPv4. Null when invalid. */
export function parseIp(text: string): Address | null {
  const trimmed = text
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  const v4 = parseIpv4(trimmed);
  if (v4) return { version: 4, bytes: v4 };
  if (!trimmed.includes(":")) return null;
  const v6 = parseIpv6(trimmed);
  if (!v6) return null;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? { version: 4, bytes: v6.slice(12) } : { version: 6, bytes: v6 };
}

interface Range extends Address {
  prefix: number;
}

/** Parses an address or CIDR (`10.0.0.0/8`, `2001:db8::/32`). Null when invalid. */
export function parseIpRange(text: string): Range | null {
  const [addressText, prefixText, extra] = text.split("/");
  if (extra !== undefined || addressText === undefined) return null;
  const address = parseIp(addressText);
  if (!address) return null;
  const isMappedV6 = address.version === 4 && addressText.includes(":");
  const max = address.version === 4 ? 32 : 128;
  if (prefixText === undefined) return { ...address, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  // A CIDR written on the mapped form (`::ffff:10.0.0.0/104`) counts its prefix over 128 bits.
  const prefix = Number(prefixText) - (isMappedV6 ? 96 : 0);
  if (prefix < 0 || prefix > max) return null;
  return { ...address, prefix };
}

function inRange(address: Address, range: Range): boolean {
  if (address.version !== range.version) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((address.bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Whether `clientIp` is allowed by `allowedIps` (an empty list allows everyone). */
export function isIpAllowed(allowedIps: readonly string[], clientIp: string): boolean {
  if (allowedIps.length === 0) return true;
  const address = parseIp(clientIp);
  if (!address) return false;
  return allowedIps.some((entry) => {
    const range = parseIpRange(entry);
    return range !== null && inRange(address, range);
  });
}
