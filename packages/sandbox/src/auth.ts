import type { CoreRequest } from "./core-message.js";
import { ApiError } from "./errors.js";
import { isIpAllowed } from "./ip-match.js";
import { KEY_PREFIXES, parseKeyKind } from "./keys.js";
import { sha256Hex, timingSafeEqual } from "./sha256.js";
import type { SandboxState } from "./state.js";
import type { AccountRecord, KeyRecord, Scope } from "./store.js";

/** The authenticated caller of a request. */
export interface AuthContext {
  key: KeyRecord;
  account: AccountRecord;
}

/** What a route needs from its caller. */
export type RouteAuth = "none" | "any" | "api" | "admin";

const REALM = 'Bearer realm="clipia"';

function unauthorized(message: string, keySent: boolean): ApiError {
  return new ApiError(401, "invalid_api_key", message, {
    headers: { "www-authenticate": keySent ? `${REALM}, error="invalid_token"` : REALM },
  });
}

const KEY_BODY_LENGTH = 36;
const MIN_KEY_LENGTH = Math.min(...Object.values(KEY_PREFIXES).map((prefix) => prefix.length)) + KEY_BODY_LENGTH;
const MAX_KEY_LENGTH = Math.max(...Object.values(KEY_PREFIXES).map((prefix) => prefix.length)) + KEY_BODY_LENGTH;

function malformedKey(): ApiError {
  return unauthorized(
    "Malformed API key: expected clipia_live_, clipia_test_ or clipia_admin_ followed by 36 characters with a valid checksum.",
    true,
  );
}

/** The key a request carries, from `Authorization: Bearer|Key <key>` or `X-Api-Key`. */
function presentedKey(request: CoreRequest): string {
  const authorization = request.headers.get("authorization");
  const xApiKey = request.headers.get("x-api-key");
  let fromAuthorization: string | null = null;
  if (authorization !== null) {
    const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization);
    const scheme = match?.[1]?.toLowerCase();
    if (!match?.[2] || (scheme !== "bearer" && scheme !== "key")) {
      throw unauthorized(
        "Malformed credentials: the Authorization header must be `Bearer <key>` or `Key <key>`.",
        true,
      );
    }
    fromAuthorization = match[2];
  }
  const fromHeader = xApiKey?.trim() || null;
  if (fromAuthorization !== null && fromHeader !== null && fromAuthorization !== fromHeader) {
    throw new ApiError(
      400,
      "conflicting_credentials",
      "The Authorization and X-Api-Key headers carry different keys; send one key.",
    );
  }
  const key = fromAuthorization ?? fromHeader;
  if (key === null) {
    throw unauthorized(
      "Missing API key: send `Authorization: Bearer <key>`, `Authorization: Key <key>` or `X-Api-Key: <key>`.",
      xApiKey !== null,
    );
  }
  return key;
}

/** Authenticates a request (401 says which of missing, malformed, unknown, revoked, disabled, expired). */
export function authenticate(state: SandboxState, request: CoreRequest, now: number): AuthContext {
  const secret = presentedKey(request);
  // Lengths first (prefix + 36 characters), so nothing longer than a key is ever hashed.
  if (secret.length < MIN_KEY_LENGTH || secret.length > MAX_KEY_LENGTH) throw malformedKey();
  const hash = sha256Hex(secret);
  const key = state.store.keysByHash.get(hash);
  // An issued key is well-formed by construction, so the checksum, which tells a typo
  // (malformed) from a well-formed key nobody issued (unknown), is only needed on a miss.
  if (!key && parseKeyKind(secret) === null) throw malformedKey();
  const account = key && state.store.accounts.get(key.account_id);
  if (!key || !account || !timingSafeEqual(key.hash, hash)) throw unauthorized("Unknown API key: no such key exists.", true);
  if (key.revoked_at !== null) throw unauthorized(`The API key ${key.redacted_value} has been revoked.`, true);
  if (key.disabled) throw unauthorized(`The API key ${key.redacted_value} is disabled.`, true);
  if (key.expires_at !== null && key.expires_at <= now) {
    throw unauthorized(`The API key ${key.redacted_value} has expired.`, true);
  }
  return { key, account };
}

/** 403 `ip_not_allowed` when the key has an `allowed_ips` list that excludes the client. */
export function checkIp(auth: AuthContext, clientIp: string): void {
  if (!isIpAllowed(auth.key.allowed_ips, clientIp)) {
    throw new ApiError(403, "ip_not_allowed", `Requests from ${clientIp} are not allowed for this API key.`);
  }
}

/** 403 when the credential kind or scope does not fit the route. */
export function checkKindAndScope(auth: AuthContext, need: RouteAuth, scope: Scope | undefined): void {
  const isAdmin = auth.key.kind === "admin";
  if (need === "admin" && !isAdmin) {
    throw new ApiError(403, "admin_key_required", "This endpoint requires an admin key (clipia_admin_…).");
  }
  if (need === "api" && isAdmin) {
    throw new ApiError(403, "api_key_required", "This endpoint requires a live or test API key, not an admin key.");
  }
  if (scope !== undefined && !auth.key.scopes.includes(scope)) {
    throw new ApiError(403, "insufficient_scope", `This request requires the \`${scope}\` scope, which this API key lacks.`, {
      headers: { "www-authenticate": `${REALM}, error="insufficient_scope", scope="${scope}"` },
    });
  }
}
