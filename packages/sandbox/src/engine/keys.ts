import { deriveBase62 } from "./prng.js";

/** The two environments of SPEC §1, selected by the key prefix alone. */
export type Environment = "live" | "test";

/** The two scopes of SPEC §1. */
export type Scope = "generate" | "read";

/**
 * The prefix of each environment's keys.
 *
 * @example
 * ```ts
 * KEY_PREFIXES.test; // "clipia_test_"
 * ```
 */
export const KEY_PREFIXES: Readonly<Record<Environment, string>> = { live: "clipia_live_", test: "clipia_test_" };

/** Length of the base62 body of a key the sandbox mints (SPEC §1 D). */
const MINTED_KEY_LENGTH = 32;

/** The key secret number `counter` of a sandbox seeded with `seed` (deterministic by design). */
export function mintKey(seed: string, environment: Environment, counter: number): string {
  return KEY_PREFIXES[environment] + deriveBase62(seed, `key-secret:${environment}`, counter, MINTED_KEY_LENGTH);
}

/** The webhook signing secret number `counter`: `whsec_` and 32 base62 characters. */
export function mintWebhookSecret(seed: string, counter: number): string {
  return `whsec_${deriveBase62(seed, "whsec", counter, 32)}`;
}

const WELL_FORMED = /^clipia_(live|test)_[A-Za-z0-9_-]{1,128}$/;

/**
 * The environment of a well-formed key (`clipia_live_` / `clipia_test_` and 1–128 characters of
 * `[A-Za-z0-9_-]`, as the SDK accepts), or null when it is malformed.
 */
export function parseKeyEnvironment(secret: string): Environment | null {
  const match = WELL_FORMED.exec(secret);
  return match ? (match[1] as Environment) : null;
}
