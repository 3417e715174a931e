import { invalidRequest } from "./errors.js";

// The control plane spells every option as the wire does (`account_id`), in process and over HTTP
// (SPEC §5.4, "one spelling"). An unknown name is refused, never ignored: an ignored `accountId`
// once turned a one-account reset into a reset of the whole sandbox.

/**
 * The options object of a control-plane call (`undefined` is `{}`), refused with a 400
 * `invalid_request` when it is not an object or names anything outside `allowed`; the message
 * suggests the intended name (`Unknown option "accountId"; did you mean "account_id"?`).
 */
export function checkOptions(options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalidRequest(`Options must be an object with any of: ${allowed.join(", ")}.`);
  }
  for (const name of Object.keys(options)) {
    if (allowed.includes(name)) continue;
    throw invalidRequest(unknownNameMessage("option", name, allowed));
  }
  return options as Record<string, unknown>;
}

/**
 * What an unknown name is told, for control-plane options and for request body fields alike:
 * `Unknown option "accountId"; did you mean "account_id"?`, `Unknown parameter: "webhookUrl"; did
 * you mean "webhook_url"?`, or the allowed names when none is close. `within` prefixes a nested
 * field (`rate_limit.intervl` suggests `rate_limit.interval`).
 */
export function unknownNameMessage(
  kind: "option" | "parameter",
  name: string,
  allowed: readonly string[],
  within?: string,
): string {
  const path = (field: string) => JSON.stringify(within === undefined ? field : `${within}.${field}`);
  const shown = path(name.slice(0, 64));
  const head = kind === "option" ? `Unknown option ${shown}` : `Unknown parameter: ${shown}`;
  const suggestion = closestName(name, allowed);
  if (suggestion !== undefined) return `${head}; did you mean ${path(suggestion)}?`;
  const list = allowed.map((field) => (within === undefined ? field : `${within}.${field}`)).join(", ");
  return `${head}; the ${kind}s are: ${list}.`;
}

/**
 * The allowed name `name` most likely meant: the same in snake_case, or within two edits of it
 * (and fewer than half the candidate's length, so `x` suggests nothing rather than `ms`).
 */
function closestName(name: string, allowed: readonly string[]): string | undefined {
  const normalized = toSnakeCase(name);
  const same = allowed.find((candidate) => candidate === normalized);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const distance = editDistance(normalized, candidate);
    if (distance < bestDistance && distance * 2 < candidate.length) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `accountId`, `AccountID` or `account-id` as `account_id`. */
function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[-\s]+/g, "_")
    .toLowerCase();
}

/** Levenshtein distance; names are short (a long one is cut, so this stays cheap on any input). */
function editDistance(a: string, b: string): number {
  const left = a.slice(0, 64);
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (left[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
