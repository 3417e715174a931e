import { BlockList, isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isIpAllowed, parseIp } from "../../src/engine/ip-match.js";

// The sandbox's hand-written IP matching (keys' allowed_ips, SPEC §5.3) pinned to node:net's
// BlockList. Where the two differ, SPEC wins and the property says so: SPEC counts an IPv4-mapped
// address (`::ffff:a.b.c.d`) as IPv4 and nothing else, so an IPv6 range never matches an IPv4
// client; BlockList checks an IPv4 address against IPv6 rules as its mapped form (`::/0` matches
// 10.0.0.1 there). IPv4 rules matching a mapped client agree in both.

const ipv4Bytes = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const ipv4 = ipv4Bytes.map((bytes) => bytes.join("."));
const groups = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 });

/** ::ffff:0:0/96, the IPv4-mapped block, where SPEC and BlockList part ways. */
const isMapped = (g: number[]) => g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;

/** An IPv6 address in one of its spellings: full with leading zeros, shortest, or upper case. */
function spell(g: number[], style: "full" | "short" | "upper"): string {
  if (style === "full") return g.map((x) => x.toString(16).padStart(4, "0")).join(":");
  const short = new URL(`http://[${g.map((x) => x.toString(16)).join(":")}]/`).hostname.slice(1, -1);
  return style === "upper" ? short.toUpperCase() : short;
}
const style = fc.constantFrom("full", "short", "upper") as fc.Arbitrary<"full" | "short" | "upper">;
const ipv6 = fc
  .tuple(
    groups.filter((g) => !isMapped(g)),
    style,
  )
  .map(([g, s]) => spell(g, s));

function blockList(network: string, prefix: number, family: "ipv4" | "ipv6"): BlockList {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return list;
}

describe("IPv4 matching agrees with BlockList", () => {
  it("for CIDR prefixes of every length, 0 to 32", () => {
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 0, max: 32 }), (network, client, prefix) => {
        expect(isIpAllowed([`${network}/${prefix}`], client)).toBe(
          blockList(network, prefix, "ipv4").check(client, "ipv4"),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("for a client inside the range (the client's own address with its low bits changed)", () => {
    fc.assert(
      fc.property(ipv4Bytes, fc.integer({ min: 0, max: 32 }), fc.nat(0xffffffff), (bytes, prefix, noise) => {
        const base = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
        const low = prefix === 32 ? 0 : (noise >>> prefix) >>> 0;
        const inside = ((base & (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0)) | low) >>> 0;
        const client = [24, 16, 8, 0].map((shift) => (inside >>> shift) & 0xff).join(".");
        const network = bytes.join(".");
        expect(blockList(network, prefix, "ipv4").check(client, "ipv4")).toBe(true);
        expect(isIpAllowed([`${network}/${prefix}`], client)).toBe(true);
      }),
    );
  });

  it("a bare address is a /32", () => {
    fc.assert(fc.property(ipv4, ipv4, (entry, client) => isIpAllowed([entry], client) === (entry === client)));
  });
});

describe("IPv6 matching agrees with BlockList", () => {
  it("for CIDR prefixes of every length, 0 to 128, in any spelling", () => {
    fc.assert(
      fc.property(ipv6, ipv6, fc.integer({ min: 0, max: 128 }), (network, client, prefix) => {
        expect(isIpAllowed([`${network}/${prefix}`], client)).toBe(
          blockList(network, prefix, "ipv6").check(client, "ipv6"),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("for a client sharing the range's first `prefix` bits", () => {
    fc.assert(
      fc.property(
        groups.filter((g) => !isMapped(g)),
        groups,
        fc.integer({ min: 1, max: 128 }),
        style,
        (range, noise, prefix, s) => {
          // The client: the range's bits up to `prefix`, the noise's after.
          const client = range.map((x, i) => {
            const bits = Math.max(0, Math.min(16, prefix - i * 16));
            const mask = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
            return (x & mask) | (noise[i]! & ~mask & 0xffff);
          });
          // Rare: the client fell into the mapped block, which SPEC reads as IPv4 (below).
          fc.pre(!isMapped(client));
          const network = spell(range, s);
          expect(blockList(network, prefix, "ipv6").check(spell(client, "short"), "ipv6")).toBe(true);
          expect(isIpAllowed([`${network}/${prefix}`], spell(client, s))).toBe(true);
        },
      ),
    );
  });
});

describe("families, as SPEC §5.3 has them", () => {
  it("an IPv4-mapped client (::ffff:a.b.c.d, or its hex form) is matched as its IPv4 address, as BlockList does", () => {
    fc.assert(
      fc.property(ipv4Bytes, ipv4, fc.integer({ min: 0, max: 32 }), (bytes, network, prefix) => {
        const dotted = `::ffff:${bytes.join(".")}`;
        const hex = `::ffff:${((bytes[0] << 8) | bytes[1]).toString(16)}:${((bytes[2] << 8) | bytes[3]).toString(16)}`;
        const expected = blockList(network, prefix, "ipv4").check(bytes.join("."), "ipv4");
        expect(blockList(network, prefix, "ipv4").check(dotted, "ipv6")).toBe(expected);
        for (const client of [dotted, hex, dotted.toUpperCase()])
          expect(isIpAllowed([`${network}/${prefix}`], client)).toBe(expected);
      }),
    );
  });

  it("a range written on the mapped form (::ffff:a.b.c.d/96+n) is the IPv4 range a.b.c.d/n", () => {
    fc.assert(
      fc.property(ipv4, ipv4, fc.integer({ min: 0, max: 32 }), (network, client, prefix) => {
        expect(isIpAllowed([`::ffff:${network}/${96 + prefix}`], client)).toBe(
          isIpAllowed([`${network}/${prefix}`], client),
        );
      }),
    );
  });

  it("an IPv4-only list refuses every IPv6 client (BlockList agrees)", () => {
    fc.assert(
      fc.property(ipv4, fc.integer({ min: 0, max: 32 }), ipv6, (network, prefix, client) => {
        expect(blockList(network, prefix, "ipv4").check(client, "ipv6")).toBe(false);
        expect(isIpAllowed([`${network}/${prefix}`], client)).toBe(false);
      }),
    );
  });

  it("an IPv6-only list refuses every IPv4 client, mapped or not (SPEC; BlockList's ::/0 would match them)", () => {
    fc.assert(
      fc.property(ipv6, fc.integer({ min: 0, max: 128 }), ipv4, (network, prefix, client) => {
        expect(isIpAllowed([`${network}/${prefix}`], client)).toBe(false);
        expect(isIpAllowed([`${network}/${prefix}`], `::ffff:${client}`)).toBe(false);
      }),
    );
    // The one place BlockList answers otherwise, kept visible.
    expect(blockList("::", 0, "ipv6").check("10.0.0.1", "ipv4")).toBe(true);
    expect(isIpAllowed(["::/0"], "10.0.0.1")).toBe(false);
  });
});

describe("parsing agrees with node:net", () => {
  const ipText = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:.".split("")), maxLength: 45 });

  it("what parseIp reads as an address, node:net reads as one of the same family (and back)", () => {
    const family = (text: string) => {
      const parsed = parseIp(text);
      if (parsed === null) return 0;
      // A mapped address comes back as IPv4; node:net calls its text IPv6.
      return text.includes(":") ? 6 : parsed.version;
    };
    fc.assert(
      fc.property(fc.oneof(ipText, ipv4, ipv6), (text) => family(text) === isIP(text)),
      { numRuns: 2000 },
    );
  });

  it("an entry that is not an address or CIDR matches nothing, and an empty list allows everyone", () => {
    for (const entry of [
      "10.0.0.0/33",
      "::/129",
      "10.0.0.0/-1",
      "01.2.3.4",
      "10.0.0",
      "1:2:3:4:5:6:7:8:9",
      "10.0.0.0/8/8",
      "example.com",
    ]) {
      expect(isIpAllowed([entry], "10.0.0.1")).toBe(false);
    }
    fc.assert(fc.property(fc.oneof(ipv4, ipv6), (client) => isIpAllowed([], client)));
  });
});
