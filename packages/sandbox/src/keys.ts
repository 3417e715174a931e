import { encodeBase62, isBase62 } from "./base62.js";
import { crc32 } from "./crc32.js";
import { deriveBase62 } from "./prng.js";

/** The three credential kinds of SPEC §1. */
export type KeyKind = "admin" | "live" | "test";

/**
 * Prefix of each credential kind.
 *
 * @example
 * ```ts
 * KEY_PREFIXES.live; // "clipia_live_"
 * ```
 */
export const KEY_PREFIXES: Readonly<Record<KeyKind, string>> = {
  admin: "clipia_admin_",
  live: "clipia_live_",
  test: "clipia_test_",
};

const RANDOM_LENGTH = 30;
const CHECKSUM_LENGTH = 6;

/**
 * The 6-character checksum: CRC-32 (IEEE) of everything before it, in base62 (`0-9A-Za-z`), most
 * significant digit first, left-padded with `0`.
 *
 * @example
 * ```ts
 * const head = "clipia_test_" + "a".repeat(30);
 * const key = head + keyChecksum(head); // a well-formed (if unissued) test key
 * ```
 */
export function keyChecksum(textBeforeChecksum: string): string {
  return encodeBase62(crc32(textBeforeChecksum), CHECKSUM_LENGTH);
}

/** Builds a well-formed key of `kind` from 30 random characters. */
export function formatKey(kind: KeyKind, random: string): string {
  const head = KEY_PREFIXES[kind] + random;
  return head + keyChecksum(head);
}

/** The key secret number `counter` of a sandbox seeded with `seed` (deterministic by design). */
export function deriveKey(seed: string, kind: KeyKind, counter: number): string {
  return formatKey(kind, deriveBase62(seed, `key-secret:${kind}`, counter, RANDOM_LENGTH));
}

/**
 * Which kind a key string is, or null when it is malformed: unknown prefix, wrong length, a
 * character outside base62, or a checksum that does not match. No lookup is needed.
 *
 * @example
 * ```ts
 * parseKeyKind(sandbox.keys.live); // "live"
 * parseKeyKind("clipia_live_typo"); // null
 * ```
 */
export function parseKeyKind(secret: string): KeyKind | null {
  for (const kind of ["live", "test", "admin"] as const) {
    const prefix = KEY_PREFIXES[kind];
    if (!secret.startsWith(prefix)) continue;
    const body = secret.slice(prefix.length);
    if (body.length !== RANDOM_LENGTH + CHECKSUM_LENGTH || !isBase62(body)) return null;
    const head = secret.slice(0, prefix.length + RANDOM_LENGTH);
    return keyChecksum(head) === body.slice(RANDOM_LENGTH) ? kind : null;
  }
  return null;
}

/** `clipia_live_…a1B2`: the prefix, an ellipsis and the last 4 characters. */
export function redactKey(kind: KeyKind, secret: string): string {
  return `${KEY_PREFIXES[kind]}…${secret.slice(-4)}`;
}
