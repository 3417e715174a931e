import type { FaultInput, FaultRecord } from "../engine/faults.js";
import type { OutcomeInput, OutcomeRecord } from "../engine/outcomes.js";
import type { ChatRepliesInput, ChatReplyScript } from "../engine/scripted-replies.js";
import type { ResultResponse } from "../http/wire.js";
import type {
  AccountCredentials,
  AccountSummary,
  ChatRecord,
  CreateAccountInput,
  KeyCreateInput,
  KeyRecord,
  KeyUpdateInput,
  LogList,
  LogListOptions,
  RequestRecord,
  UpdateAccountInput,
  UsageReport,
  WebhookDelivery,
} from "./types.js";

/**
 * The control plane as methods (sandbox-only, SPEC §5.4): synchronous in process, promises over HTTP.
 * Options are spelt as on the wire (`account_id`); an unknown option name throws a 400
 * `invalid_request` naming the right one. The whole sandbox is reset or moved on only by
 * `resetAll` / `advanceAllClocks`, never by a missing option.
 */
export interface ControlPlane<Wrap extends "sync" | "async" = "sync"> {
  createAccount(input?: CreateAccountInput): ControlPlaneResult<AccountCredentials, Wrap>;
  listAccounts(): ControlPlaneResult<AccountSummary[], Wrap>;
  /**
   * Changes an account's `subscription` (`"none"`: a live submit is 402 `subscription_required`),
   * `strict_inputs` or `balance_credits`; answers the account as `listAccounts` lists it.
   */
  updateAccount(accountId: string, settings: UpdateAccountInput): ControlPlaneResult<AccountSummary, Wrap>;
  createKey(accountId: string, input: KeyCreateInput): ControlPlaneResult<KeyRecord & { secret: string }, Wrap>;
  listKeys(accountId: string): ControlPlaneResult<KeyRecord[], Wrap>;
  updateKey(keyId: string, patch: KeyUpdateInput): ControlPlaneResult<KeyRecord, Wrap>;
  revokeKey(keyId: string): ControlPlaneResult<KeyRecord, Wrap>;
  /** Moves one account's clock forward `ms` and settles what finished meanwhile. */
  advanceClock(ms: number, options: { account_id: string }): ControlPlaneResult<{ now: string }, Wrap>;
  /** Moves every account's clock forward `ms` (the whole sandbox). */
  advanceAllClocks(ms: number): ControlPlaneResult<{ now: string }, Wrap>;
  /** The clock (ms since the epoch): the account's, or without options the global one. */
  now(options?: { account_id?: string }): ControlPlaneResult<number, Wrap>;
  injectFault(fault: FaultInput): ControlPlaneResult<FaultRecord, Wrap>;
  forceOutcome(input: OutcomeInput): ControlPlaneResult<OutcomeRecord, Wrap>;
  /**
   * The next chat completions (of `account_id`'s keys, of `model`, when given) answer `replies`,
   * one per completion and in order; then the default replies resume (SPEC v3 §5.4).
   */
  scriptChatReplies(input: ChatRepliesInput): ControlPlaneResult<ChatReplyScript, Wrap>;
  cancelRequest(requestId: string): ControlPlaneResult<ResultResponse, Wrap>;
  listRequests(accountId: string): ControlPlaneResult<RequestRecord[], Wrap>;
  usage(accountId: string): ControlPlaneResult<UsageReport, Wrap>;
  /**
   * The account's request log, newest first (SPEC v3 §5.4): every public API call its keys made,
   * with `limit` (default 100, at most 1000), `status` (`422` or `"4xx"`) and `path` (a substring)
   * to narrow it, and `dropped`, how many older entries the bound of 1000 dropped.
   */
  listLogs(accountId: string, options?: LogListOptions): ControlPlaneResult<LogList, Wrap>;
  /**
   * The account's chat completions (`POST /v1/chat/completions`, both environments), newest
   * first: key, model, streamed, tokens, cost and whether it was charged; never the messages.
   */
  listChats(accountId: string): ControlPlaneResult<ChatRecord[], Wrap>;
  /** The delivery log, newest first: the account's, or without options every account's. */
  webhookDeliveries(options?: { account_id?: string }): ControlPlaneResult<WebhookDelivery[], Wrap>;
  redeliverWebhook(deliveryId: string): ControlPlaneResult<WebhookDelivery, Wrap>;
  rotateWebhookSecret(accountId: string): ControlPlaneResult<{ webhook_secret: string }, Wrap>;
  /** One account back to its initial state; nothing of any other account changes. */
  reset(options: { account_id: string }): ControlPlaneResult<void, Wrap>;
  /** The whole sandbox back to its seed's state: one account, the default keys. */
  resetAll(): ControlPlaneResult<void, Wrap>;
}

/** What a control-plane method returns: the value in process, a Promise of it over HTTP. */
export type ControlPlaneResult<T, Wrap extends "sync" | "async"> = Wrap extends "sync" ? T : Promise<T>;
