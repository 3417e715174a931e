import { toRfc3339 } from "./clock.js";
import { ApiError, echo, invalidRequest } from "./errors.js";
import * as check from "./key-settings.js";
import { pageNewestFirst, parseListQuery } from "./pagination.js";
import { callerOf, rejectUnknownFields, type RouteContext, type RouteResult } from "./route.js";
import { type KeyRecord, newKeyRecord } from "./store.js";

/** Key status, derived: revoked > disabled > expired > exhausted > active. */
export type KeyStatus = "revoked" | "disabled" | "expired" | "exhausted" | "active";
const STATUSES: readonly KeyStatus[] = ["active", "disabled", "expired", "exhausted", "revoked"];

export function keyStatus(key: KeyRecord, now: number): KeyStatus {
  if (key.revoked_at !== null) return "revoked";
  if (key.disabled) return "disabled";
  if (key.expires_at !== null && key.expires_at <= now) return "expired";
  if (key.credit_limit !== null && key.credits_used >= key.credit_limit) return "exhausted";
  return "active";
}

const time = (ms: number | null) => (ms === null ? null : toRfc3339(ms));

/** The wire ApiKey (never the secret). */
export function serializeKey(key: KeyRecord, now: number): Record<string, unknown> {
  return {
    id: key.id,
    object: "api_key",
    name: key.name,
    environment: key.kind,
    status: keyStatus(key, now),
    scopes: key.scopes,
    redacted_value: key.redacted_value,
    expires_at: time(key.expires_at),
    credit_limit: key.credit_limit,
    credits_used: key.credits_used,
    model_access: key.model_access,
    allowed_ips: key.allowed_ips,
    disabled: key.disabled,
    created_at: toRfc3339(key.created_at),
    last_used_at: time(key.last_used_at),
    revoked_at: time(key.revoked_at),
    rolled_from: key.rolled_from,
  };
}

const CREATE_FIELDS = ["name", "environment", "scopes", "expires_at", "credit_limit", "model_access", "allowed_ips"];
const UPDATE_FIELDS = ["name", "scopes", "expires_at", "credit_limit", "model_access", "allowed_ips", "disabled"];

/** `POST /v1/keys`: 201 with the secret, shown this once. */
export function createKey(context: RouteContext): RouteResult {
  const { body = {}, now, state } = context;
  const { account } = callerOf(context);
  rejectUnknownFields(body, CREATE_FIELDS);
  if (body.name === undefined) throw invalidRequest("name", "name is required.");
  if (body.environment === undefined) throw invalidRequest("environment", "environment is required.");
  const name = check.checkName(body.name);
  const kind = check.checkEnvironment(body.environment);
  const scopes = body.scopes === undefined ? (["generate", "read"] as const) : check.checkScopes(body.scopes);
  const expiresAt = body.expires_at === undefined ? null : check.checkExpiresAt(body.expires_at, now);
  const creditLimit = body.credit_limit === undefined ? null : check.checkCreditLimit(body.credit_limit);
  const modelAccess = body.model_access === undefined ? { mode: "all" as const } : check.checkModelAccess(body.model_access);
  const allowedIps = body.allowed_ips === undefined ? [] : check.checkAllowedIps(body.allowed_ips);

  const { secret, counter } = state.store.nextSecret(kind);
  const key = newKeyRecord(state.store, { account_id: account.id, kind, name, scopes: [...scopes], secret, now });
  Object.assign(key, { expires_at: expiresAt, credit_limit: creditLimit, model_access: modelAccess, allowed_ips: allowedIps });
  state.store.addKey(key);
  return { status: 201, body: { ...serializeKey(key, now), secret }, secret: { kind, counter } };
}

function findKey(context: RouteContext): KeyRecord {
  const { account } = callerOf(context);
  const key = context.state.store.keys.get(context.params.id ?? "");
  // Admin keys are issued by the console, not managed through the API.
  if (!key || key.account_id !== account.id || key.kind === "admin") {
    throw new ApiError(404, "key_not_found", `No API key with id ${JSON.stringify(echo(context.params.id ?? ""))}.`);
  }
  return key;
}

/** `GET /v1/keys/{id}`. */
export function getKey(context: RouteContext): RouteResult {
  return { status: 200, body: serializeKey(findKey(context), context.now) };
}

/** `GET /v1/keys`: newest first; filters `status` and `environment`. */
export function listKeys(context: RouteContext): RouteResult {
  const { account } = callerOf(context);
  const { query, now } = context;
  const { limit, after } = parseListQuery(query);
  const status = query.get("status");
  const environment = query.get("environment");
  if (status !== null && !STATUSES.includes(status as KeyStatus)) {
    throw invalidRequest("status", `status must be one of ${STATUSES.join(", ")}.`);
  }
  if (environment !== null && environment !== "live" && environment !== "test") {
    throw invalidRequest("environment", 'environment must be "live" or "test".');
  }
  return {
    status: 200,
    body: pageNewestFirst(context.state.store.keysOf(account.id), {
      limit,
      after,
      matches: (key) =>
        key.kind !== "admin" &&
        (status === null || keyStatus(key, now) === status) &&
        (environment === null || key.kind === environment),
      serialize: (key) => serializeKey(key, now),
    }),
  };
}

/** `PATCH /v1/keys/{id}`. */
export function updateKey(context: RouteContext): RouteResult {
  const { body = {}, now } = context;
  if ("environment" in body) {
    throw new ApiError(400, "parameter_immutable", "environment is fixed at creation and cannot be changed.", {
      param: "environment",
      details: [{ param: "environment", message: "environment is fixed at creation and cannot be changed." }],
    });
  }
  rejectUnknownFields(body, UPDATE_FIELDS);
  const changes: Partial<KeyRecord> = {};
  if (body.name !== undefined) changes.name = check.checkName(body.name);
  if (body.scopes !== undefined) changes.scopes = check.checkScopes(body.scopes);
  if (body.expires_at !== undefined) changes.expires_at = check.checkExpiresAt(body.expires_at, now);
  if (body.credit_limit !== undefined) changes.credit_limit = check.checkCreditLimit(body.credit_limit);
  if (body.model_access !== undefined) changes.model_access = check.checkModelAccess(body.model_access);
  if (body.allowed_ips !== undefined) changes.allowed_ips = check.checkAllowedIps(body.allowed_ips);
  if (body.disabled !== undefined) changes.disabled = check.checkDisabled(body.disabled);

  const key = findKey(context);
  if (key.revoked_at !== null) throw new ApiError(409, "key_revoked", "The API key is revoked; it cannot be changed.");
  const expired = key.expires_at !== null && key.expires_at <= now;
  if (expired && changes.disabled === false && !("expires_at" in changes)) {
    throw new ApiError(409, "key_expired", "The API key has expired: move expires_at into the future (or to null) to use it again.");
  }
  if (Object.keys(changes).length > 0) {
    Object.assign(key, changes);
    context.state.store.touch();
  }
  return { status: 200, body: serializeKey(key, now) };
}

/** `DELETE /v1/keys/{id}`: revokes, idempotently; the record stays. */
export function revokeKey(context: RouteContext): RouteResult {
  const key = findKey(context);
  if (key.revoked_at === null) {
    key.revoked_at = context.now;
    context.state.store.touch();
  }
  return { status: 200, body: serializeKey(key, context.now) };
}

/** `POST /v1/keys/{id}/roll`: a new key with the same settings; the old one expires after a grace period. */
export function rollKey(context: RouteContext): RouteResult {
  const { body = {}, now, state } = context;
  rejectUnknownFields(body, ["expire_current_in_seconds"]);
  const grace = body.expire_current_in_seconds ?? 0;
  if (typeof grace !== "number" || !Number.isInteger(grace) || grace < 0 || grace > 604_800) {
    throw invalidRequest("expire_current_in_seconds", "expire_current_in_seconds must be an integer from 0 to 604800.");
  }
  const old = findKey(context);
  if (old.revoked_at !== null) throw new ApiError(409, "key_revoked", "The API key is revoked; it cannot be rolled.");
  if (old.expires_at !== null && old.expires_at <= now) {
    throw new ApiError(409, "key_expired", "The API key has expired; move expires_at into the future before rolling it.");
  }
  const { secret, counter } = state.store.nextSecret(old.kind);
  const key = newKeyRecord(state.store, { account_id: old.account_id, kind: old.kind, name: old.name, scopes: [...old.scopes], secret, now });
  Object.assign(key, {
    expires_at: old.expires_at,
    credit_limit: old.credit_limit,
    model_access: structuredClone(old.model_access),
    allowed_ips: [...old.allowed_ips],
    disabled: old.disabled,
    rolled_from: old.id,
  });
  old.expires_at = Math.min(old.expires_at ?? Number.POSITIVE_INFINITY, now + grace * 1000);
  state.store.addKey(key);
  return { status: 201, body: { ...serializeKey(key, now), secret }, secret: { kind: old.kind, counter } };
}

/** `GET /v1/account`: the account and the calling key. */
export function getAccount(context: RouteContext): RouteResult {
  const { key, account } = callerOf(context);
  return {
    status: 200,
    body: {
      id: account.id,
      object: "account",
      name: account.name,
      balance_credits: account.balance_credits,
      environment: key.kind,
      key: serializeKey(key, context.now),
    },
  };
}
