import { redactKey } from "../http/redact.js";
import { checkKeyUsable, unauthorized } from "./key-policy.js";
import { parseKeyEnvironment, type Scope } from "./keys.js";
import type { StoredAccount, StoredKey } from "./records.js";
import { sha256Hex } from "./sha256.js";
import type { AuthScheme } from "./request-log.js";
import type { SandboxState } from "./state.js";
import { ApiError } from "../http/errors.js";
import type { CoreRequest } from "../http/message.js";

/** The authenticated caller of a request. */
export interface AuthContext {
  key: StoredKey;
  account: StoredAccount;
}

/**
 * The key a request carries, from `Authorization: Bearer|Key <key>` (scheme word in any case) or
 * `X-Api-Key`. Another scheme is a malformed credential (401); both headers with different keys
 * is a 400. Null when no key was sent.
 */
function presentedKey(request: CoreRequest): string | null {
  const authorization = request.headers.get("authorization");
  const xApiKey = request.headers.get("x-api-key");
  let fromAuthorization: string | null = null;
  if (authorization !== null && authorization.trim() !== "") {
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
      "invalid_request",
      "The Authorization and X-Api-Key headers carry different keys; send one key.",
    );
  }
  return fromAuthorization ?? fromHeader;
}

/**
 * How a request sent its key, for the request log: the `Authorization` scheme (`bearer` or `key`)
 * when that header carries one, else `x-api-key`. Only asked of a request whose key was found.
 */
export function presentedScheme(request: CoreRequest): AuthScheme {
  const authorization = request.headers.get("authorization")?.trim() ?? "";
  const scheme = /^(\S+)\s/.exec(authorization)?.[1]?.toLowerCase();
  return scheme === "bearer" || scheme === "key" ? scheme : "x-api-key";
}

/**
 * The credential a request presents, read from its headers and looked up once per request: the
 * pipeline hands it to every check that needs it (fault matching, authentication), so the key is
 * hashed once. Nothing of it outlives the request.
 */
interface PresentedCredential {
  /** The key as sent; null when none was sent or the headers are malformed. */
  secret: string | null;
  /** The stored key it names, not judged yet (revoked, disabled or expired included); null when none. */
  key: StoredKey | null;
  /** Why the headers carry no usable key (a malformed `Authorization`, two different keys): thrown by `authenticate`. */
  error: ApiError | null;
}

// A longer secret names no key (minted keys are far shorter): not worth hashing.
const MAX_HASHED_SECRET = 200;

/** Reads and looks up the request's credential ({@link PresentedCredential}). Never throws. */
export function readCredential(state: SandboxState, request: CoreRequest): PresentedCredential {
  let secret: string | null;
  try {
    secret = presentedKey(request);
  } catch (error) {
    return { secret: null, key: null, error: error as ApiError };
  }
  const key =
    secret === null || secret.length > MAX_HASHED_SECRET
      ? null
      : (state.store.keysByHash.get(sha256Hex(secret)) ?? null);
  return { secret, key, error: null };
}

/**
 * Authenticates the request that presented `credential`: 401 `invalid_api_key` whose message says
 * which of missing, malformed, unknown, revoked, disabled or expired (the key only in its redacted
 * form); the headers' own error (a malformed `Authorization`: 401; two different keys: 400) first.
 */
export function authenticate(
  state: SandboxState,
  credential: PresentedCredential,
  now: (accountId: string) => number,
): AuthContext {
  if (credential.error) throw credential.error;
  const { secret, key } = credential;
  if (secret === null) {
    throw unauthorized(
      "Missing API key: send `Authorization: Bearer <key>`, `Authorization: Key <key>` or `X-Api-Key: <key>`.",
      false,
    );
  }
  if (parseKeyEnvironment(secret) === null) {
    throw unauthorized(
      "Malformed API key: expected clipia_live_ or clipia_test_ followed by 1 to 128 characters of A-Z, a-z, 0-9, _ and -.",
      true,
    );
  }
  // Looked up when the credential was read, earlier in the same synchronous run of the pipeline:
  // the store cannot have changed in between.
  const account = key && state.store.accounts.get(key.account_id);
  if (!key || !account) throw unauthorized(`Unknown API key ${redactKey(secret)}: no such key exists.`, true);
  checkKeyUsable(key, now(account.account_id));
  return { key, account };
}

/** 403 `insufficient_scope` when the key lacks `scope`. */
export function checkScope(key: StoredKey, scope: Scope): void {
  if (!key.scopes.includes(scope)) {
    throw new ApiError(
      403,
      "insufficient_scope",
      `This request needs the \`${scope}\` scope, which this API key lacks.`,
    );
  }
}

/**
 * Judges the caller's key again, as it is now: a request can wait between its authentication and
 * its charge (a slow body, a held fault), and a revocation, disabling, expiry, removed key or lost
 * scope that happened meanwhile wins (401 / 403, nothing charged).
 */
export function confirmCaller(state: SandboxState, auth: AuthContext, scope: Scope): void {
  const key = state.store.keys.get(auth.key.id);
  if (key !== auth.key || state.store.accounts.get(auth.account.account_id) !== auth.account) {
    throw unauthorized(`Unknown API key ${auth.key.redacted_value}: no such key exists.`, true);
  }
  checkKeyUsable(key, state.clock.now(auth.account.account_id));
  checkScope(key, scope);
}
