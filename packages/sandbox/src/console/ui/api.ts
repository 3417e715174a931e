import { connectSandbox, controlCaller, type RemoteSandbox, SandboxControlError } from "../../control/connect.js";
import type { AccountSummary, CatalogSummary } from "../../control/types.js";

// The console's only way to the sandbox: the control plane under /_sandbox/, through the same
// typed client tests use (connectSandbox), on the page's own origin.

/** A model of the catalog, as the control plane lists it for the model picker. */
export type CatalogModel = CatalogSummary;

/** An account as the console lists it (the summary carries the webhook signing secret). */
export type ConsoleAccount = AccountSummary & { webhook_secret?: string };

/** The control plane of the sandbox that served this page. */
export interface ConsoleApi extends RemoteSandbox {
  listModels(): Promise<CatalogModel[]>;
}

/** The control-plane client for `origin` (the page's own). */
export function consoleApi(origin: string, fetchFn: typeof fetch = (input, init) => fetch(input, init)): ConsoleApi {
  const call = controlCaller(origin, fetchFn);
  return {
    ...connectSandbox(origin, { fetch: fetchFn }),
    // The model picker's list is not a method of the control plane (in process it is `CATALOG`).
    listModels: async () => (await call<{ data: CatalogModel[] }>("listSandboxModels")).data,
  };
}

/** The message to show for a failed call. */
export function errorMessage(error: unknown): string {
  if (error instanceof SandboxControlError) return `${error.message} (${error.status} ${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
