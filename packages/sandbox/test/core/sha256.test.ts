import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex, timingSafeEqual } from "../../src/sha256.js";

// The sandbox hashes key secrets with its own synchronous SHA-256 (the core may not import
// node:crypto); node:crypto is the independent reference here.
describe("sha256Hex", () => {
  const inputs = [
    "",
    "abc",
    "clipia_live_VfOS1lQGUzO9qwHelF03fcKmuWnH4d0H6JQw",
    "x".repeat(55), // the longest input that pads into one block
    "x".repeat(56), // the shortest that needs a second block
    "y".repeat(1000),
    "é漢字🙂 non-ASCII",
  ];
  it.each(inputs)("matches node:crypto for %j", (input) => {
    expect(sha256Hex(input)).toBe(createHash("sha256").update(input, "utf8").digest("hex"));
  });

  it("gives the same digest when called again (no state leaks between calls)", () => {
    const first = sha256Hex("clipia_test_a");
    sha256Hex("y".repeat(300));
    expect(sha256Hex("clipia_test_a")).toBe(first);
  });
});

describe("timingSafeEqual", () => {
  it.each([
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "abcd", false],
    ["", "", true],
  ] as const)("%j vs %j is %s", (a, b, expected) => {
    expect(timingSafeEqual(a, b)).toBe(expected);
  });
});
