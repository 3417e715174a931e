import { connectSandbox, type RemoteSandbox, SandboxControlError } from "../../control/connect.js";
import type { AccountSummary } from "../../control/types.js";

// The console's only way to the sandbox: the control plane under /_sandbox/, through the same
// typed client tests use (connectSandbox), on the page's own origin.

/** A model of the catalog, as the control plane lists it for the model picker. */
export interface CatalogModel {
  slug: string;
  type: string;
  name: string;
}

/** An account as the console lists it (the summary carries the webhook signing secret). */
export type ConsoleAccount = AccountSummary & { webhook_secret?: string };

/** The control plane of the sandbox that served this page. */
export interface ConsoleApi extends RemoteSandbox {
  listModels(): Promise<CatalogModel[]>;
}

/** The control-plane client for `origin` (the page's own). */
export function consoleApi(origin: string, fetchFn: typeof fetch = (input, init) => fetch(input, init)): ConsoleApi {
  const control = connectSandbox(origin, { fetch: fetchFn });
  return {
    ...control,
    async listModels() {
      const response = await fetchFn(`${origin}/_sandbox/models`);
      const body = (await response.json()) as { data?: CatalogModel[]; error?: { code: string; message: string } };
      if (!response.ok) throw new SandboxControlError(response.status, body.error?.code ?? "unknown_error", body.error?.message ?? "");
      return body.data ?? [];
    },
  };
}

/** The message to show for a failed call. */
export function errorMessage(error: unknown): string {
  if (error instanceof SandboxControlError) return `${error.message} (${error.status} ${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
