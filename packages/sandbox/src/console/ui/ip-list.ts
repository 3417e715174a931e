import { parseIpRange } from "../../engine/ip-match.js";

/** What the console makes of the IP allow-list field. */
interface IpListCheck {
  /** The entries, trimmed, in order (empty = every address allowed). */
  entries: string[];
  /** Entries that are not an IPv4/IPv6 address or CIDR. */
  invalid: string[];
  /** A warning about the families the list leaves out, or null. */
  warning: string | null;
}

/**
 * Checks an allow-list as typed (one entry per line, or separated by commas or spaces) with the
 * parser the sandbox applies to requests, and warns as the seeds' consoles do: a list of IPv4
 * ranges only blocks every IPv6 client (an IPv4-mapped `::ffff:a.b.c.d` counts as IPv4).
 */
export function checkIpList(text: string): IpListCheck {
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== "");
  const invalid: string[] = [];
  let v4 = 0;
  let v6 = 0;
  for (const entry of entries) {
    const range = parseIpRange(entry);
    if (range === null) invalid.push(entry);
    else if (range.version === 4) v4 += 1;
    else v6 += 1;
  }
  let warning: string | null = null;
  if (v4 > 0 && v6 === 0) {
    warning =
      "IPv4 ranges only: this key will refuse every IPv6 client (an IPv4-mapped address such as ::ffff:10.0.0.1 counts as IPv4).";
  } else if (v6 > 0 && v4 === 0) {
    warning = "IPv6 ranges only: this key will refuse every IPv4 client.";
  }
  return { entries, invalid, warning };
}
