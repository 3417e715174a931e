import { invalidRequest } from "../http/errors.js";
import { checkOptions } from "../http/options.js";
import { toRfc3339 } from "../engine/clock.js";
import type { LogRecord } from "../engine/request-log.js";
import type { SandboxState } from "../engine/state.js";
import { findAccount } from "./accounts.js";
import type { LogEntry, LogList, LogListOptions } from "./types.js";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** `limit`: a whole number from 1 to 1000, as a number in process or digits in a query string. */
function limitOf(value: unknown): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = typeof value === "string" && /^\d{1,7}$/.test(value) ? Number(value) : value;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalidRequest(`limit must be an integer from 1 to ${MAX_LIMIT}.`);
  }
  return limit;
}

/** `status`: an exact status (`422`, as a number or text) or a class (`4xx`); null when not given. */
function statusFilter(value: unknown): ((status: number) => boolean) | null {
  if (value === undefined) return null;
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text === "string") {
    const exact = /^[1-5]\d\d$/.exec(text);
    if (exact) return (status) => status === Number(text);
    const range = /^([1-5])xx$/i.exec(text);
    if (range) return (status) => Math.floor(status / 100) === Number(range[1]);
  }
  throw invalidRequest('status must be an HTTP status such as 422 or a class such as "4xx".');
}

/** `path`: the text an entry's path must contain; null when not given. */
function pathFilter(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value !== "string" || value.length > 256) {
    throw invalidRequest("path must be a string (at most 256 characters) that the logged path contains.");
  }
  return value;
}

/** A log entry as the control plane shows it (`id`: the entry's, derived on first read). */
function serializeLogEntry(entry: Readonly<LogRecord>, id: string): LogEntry {
  return {
    id,
    time: toRfc3339(entry.time),
    method: entry.method,
    path: entry.path,
    status: entry.status,
    code: entry.code,
    key_id: entry.key_id,
    redacted_key: entry.redacted_key,
    auth_scheme: entry.auth_scheme,
    idempotency_key: entry.idempotency_key,
    duration_ms: entry.duration_ms,
    request_id: entry.request_id,
    warnings: [...entry.warnings],
  };
}

/**
 * The account's request log (SPEC v3 §5.4), newest first: at most `limit` entries (default 100,
 * at most 1000) of those matching `status` (`422` or `4xx`) and `path` (a substring), and how many
 * older entries the bound dropped. An unknown option is a 400 naming the right one.
 */
export function listLogs(state: SandboxState, accountId: string, options?: LogListOptions): LogList {
  const checked = checkOptions(options, ["limit", "status", "path"]);
  const limit = limitOf(checked.limit);
  const status = statusFilter(checked.status);
  const path = pathFilter(checked.path);
  const account = findAccount(state, accountId);
  const data: LogEntry[] = [];
  for (const entry of state.store.logsNewestFirst(account.account_id)) {
    if (data.length === limit) break;
    if (status && !status(entry.status)) continue;
    if (path !== null && !entry.path.includes(path)) continue;
    data.push(serializeLogEntry(entry, state.store.logIdOf(entry)));
  }
  return { data, dropped: state.store.droppedLogsOf(account.account_id) };
}
