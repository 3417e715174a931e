import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32 } from "../../src/crc32.js";

// The key checksum's CRC-32 is hand-written (the core may not import node:zlib); zlib's is the
// independent reference SPEC names.
describe("crc32", () => {
  it.each([
    "",
    "a",
    "clipia_live_VfOS1lQGUzO9qwHelF03fcKmuWnH4d0H6J",
    "123456789",
    "é漢字🙂 non-ASCII falls back to UTF-8 bytes",
    "mixed ascii then ü",
  ])("matches zlib for %j", (text) => {
    expect(crc32(text)).toBe(zlibCrc32(Buffer.from(text, "utf8")));
  });
});
