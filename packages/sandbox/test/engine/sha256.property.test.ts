import { createHash, timingSafeEqual as nodeTimingSafeEqual } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Hex, timingSafeEqual } from "../../src/engine/sha256.js";

// The sandbox's own synchronous SHA-256 (it hashes every presented key) pinned to node:crypto.
const reference = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

// Any UTF-16 code unit, lone surrogates included: both sides encode those as U+FFFD.
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

describe("sha256Hex agrees with node:crypto", () => {
  it("on every length across several 64-byte blocks (padding boundaries at 55, 56, 64 bytes…)", () => {
    for (let length = 0; length <= 200; length++) {
      const text = "a".repeat(length);
      expect(sha256Hex(text), `length ${length}`).toBe(reference(text));
    }
  });

  it("on ASCII strings (the keys' path, which skips TextEncoder)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", maxLength: 300 }), (text) => sha256Hex(text) === reference(text)),
    );
  });

  it("on any Unicode string, astral characters included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => sha256Hex(text) === reference(text)),
    );
  });

  it("on any sequence of UTF-16 code units, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: codeUnit, maxLength: 200 }), (text) => sha256Hex(text) === reference(text)),
    );
  });

  it("on long inputs (many blocks, a length that needs more than 8 bits)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 8 }),
        fc.integer({ min: 500, max: 5000 }),
        (seed, times) => {
          const text = seed.repeat(times);
          return sha256Hex(text) === reference(text);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("between interleaved calls (its buffers are shared and hoisted)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 100 }), { maxLength: 10 }), (texts) => {
        const ours = texts.map(sha256Hex);
        return ours.every((hash, i) => hash === reference(texts[i]!));
      }),
    );
  });
});

describe("timingSafeEqual agrees with string equality", () => {
  it("on equal-length and different-length strings alike", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: codeUnit, maxLength: 40 }),
        fc.string({ unit: codeUnit, maxLength: 40 }),
        (a, b) => {
          expect(timingSafeEqual(a, a)).toBe(true);
          expect(timingSafeEqual(a, b)).toBe(a === b);
          // node:crypto's answer on the hex digests the sandbox actually compares.
          const [ha, hb] = [Buffer.from(sha256Hex(a)), Buffer.from(sha256Hex(b))];
          expect(timingSafeEqual(sha256Hex(a), sha256Hex(b))).toBe(nodeTimingSafeEqual(ha, hb));
        },
      ),
    );
  });
});
