import { createSandbox, KEY_PREFIXES, keyChecksum, parseKeyKind } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// An independent reading of SPEC §1: CRC-32 IEEE (bitwise, no table) and base62 with BigInt.
function referenceChecksum(text: string): string {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  let value = BigInt((crc ^ 0xffffffff) >>> 0);
  let out = "";
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(6, "0");
}

describe("key format", () => {
  it("computes CRC-32 as zlib does (check value of 123456789 is 0xCBF43926)", () => {
    expect(keyChecksum("123456789")).toBe(referenceChecksum("123456789"));
    let value = 3421780262n;
    let expected = "";
    while (value > 0n) {
      expected = BASE62[Number(value % 62n)] + expected;
      value /= 62n;
    }
    expect(keyChecksum("123456789")).toBe(expected.padStart(6, "0"));
  });

  const sandbox = createSandbox({ seed: 42 });
  it.each(Object.entries(sandbox.keys))("default %s key is prefix + 30 base62 + checksum of the rest", (name, key) => {
    const kind = name === "admin" ? "admin" : name === "live" ? "live" : "test";
    const prefix = KEY_PREFIXES[kind];
    expect(key.startsWith(prefix)).toBe(true);
    const body = key.slice(prefix.length);
    expect(body).toMatch(/^[0-9A-Za-z]{36}$/);
    expect(body.slice(30)).toBe(referenceChecksum(key.slice(0, prefix.length + 30)));
    expect(parseKeyKind(key)).toBe(kind);
  });

  const good = sandbox.keys.live;
  const flip = (text: string, index: number) =>
    text.slice(0, index) + (text[index] === "A" ? "B" : "A") + text.slice(index + 1);
  it.each([
    ["a typo in the random part", flip(good, 15)],
    ["a typo in the checksum", flip(good, good.length - 1)],
    ["one character short", good.slice(0, -1)],
    ["one character long", `${good}0`],
    ["a non-base62 character", `${good.slice(0, 20)}-${good.slice(21)}`],
    ["an unknown prefix", good.replace("clipia_live_", "clipia_prod_")],
    ["no prefix", good.slice("clipia_live_".length)],
  ])("rejects %s without a lookup", (_case, key) => {
    expect(parseKeyKind(key)).toBeNull();
  });

  it("gives the same default keys for the same seed and different ones for another", () => {
    expect(createSandbox({ seed: 42 }).keys).toEqual(sandbox.keys);
    expect(createSandbox({ seed: 43 }).keys.live).not.toBe(sandbox.keys.live);
    expect(new Set(Object.values(sandbox.keys)).size).toBe(4);
    expect(sandbox.webhookSecret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
  });
});
