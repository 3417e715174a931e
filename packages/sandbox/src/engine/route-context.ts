import type { Scope } from "./keys.js";
import type { SandboxState } from "./state.js";
import type { AuthContext } from "./auth.js";
import type { CoreRequest } from "../http/message.js";

/** What a route handler receives: the request already checked up to its body. */
export interface RouteContext {
  state: SandboxState;
  request: CoreRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when empty). */
  body: Record<string, unknown> | undefined;
  /** The caller (public routes). */
  auth: AuthContext | null;
  /** Sandbox time: the caller's account clock on public routes, the global one elsewhere. */
  now: number;
  /** The base URL the request came to (`https://api.clipia.ai`): absolute URLs are built on it. */
  base: string;
  /** The address of the client (for `allowed_ips`). */
  clientIp: string;
}

/** What a route handler answers: JSON, raw content (media, the console page), or a stream of events. */
export interface RouteResult {
  status: number;
  body?: unknown;
  raw?: { contentType: string; content: string | Uint8Array };
  /** Server-Sent Events, each a whole frame (`data: …\n\n`), written one by one (chat streaming). */
  events?: { contentType: string; frames: readonly string[] };
  headers?: Record<string, string>;
  /**
   * What the request log (SPEC v3 §5.4) records of the call beside its answer: the generation it
   * created or read, and the input fields the input policy ignored. Never sent to the client.
   */
  log?: { request_id?: string; warnings?: readonly string[] };
}

/** Which pipeline a route goes through. */
export type RouteArea = "public" | "control" | "media";

/** A route: its pipeline, what it needs, and what it does. */
export interface RouteDef {
  area: RouteArea;
  /** Public routes: the scope the key needs. */
  scope?: Scope;
  /** Public routes: a submission (concurrency and `Idempotency-Key` apply). */
  submit?: boolean;
  /** Control routes: takes a JSON body (others ignore any body sent). */
  readsBody?: boolean;
  handler: (context: RouteContext) => RouteResult | Promise<RouteResult>;
}

/** The caller of a public route (the pipeline guarantees it is set). */
export function callerOf(context: RouteContext): AuthContext {
  if (!context.auth) throw new Error("route requires authentication");
  return context.auth;
}
