import type { CoreRequest } from "./core-message.js";
import type { AuthContext, RouteAuth } from "./auth.js";
import type { KeyKind } from "./keys.js";
import type { SandboxState } from "./state.js";
import type { Scope } from "./store.js";
import { echo, invalidRequest } from "./errors.js";

/** What a route handler receives: the request already authenticated and its body parsed. */
export interface RouteContext {
  state: SandboxState;
  request: CoreRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  auth: AuthContext | null;
  now: number;
}

/** What a route handler answers; `secret` marks a response carrying a derived key secret. */
export interface RouteResult {
  status: number;
  body: unknown;
  secret?: { kind: KeyKind; counter: number };
}

/** A route: who may call it and what it does. */
export interface RouteDef {
  auth: RouteAuth;
  scope?: Scope;
  handler: (context: RouteContext) => RouteResult | Promise<RouteResult>;
}

/** The caller of an authenticated route (the pipeline guarantees it is set). */
export function callerOf(context: RouteContext): AuthContext {
  if (!context.auth) throw new Error("route requires authentication");
  return context.auth;
}

/** 400 on any top-level body field outside `allowed`. */
export function rejectUnknownFields(body: Record<string, unknown> | undefined, allowed: readonly string[]): void {
  for (const field of Object.keys(body ?? {})) {
    if (!allowed.includes(field)) throw invalidRequest(field, `Unknown parameter: ${echo(field)}.`);
  }
}
