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

/** What a route handler answers: JSON, or raw content (media, the console page). */
export interface RouteResult {
  status: number;
  body?: unknown;
  raw?: { contentType: string; content: string | Uint8Array };
  headers?: Record<string, string>;
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
