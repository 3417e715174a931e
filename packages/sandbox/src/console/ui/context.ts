import type { CatalogModel, ConsoleAccount, ConsoleApi } from "./api.js";

/** What every tab gets: the control plane, the selected account, the catalog and the clock. */
export interface ConsoleContext {
  api: ConsoleApi;
  account: ConsoleAccount;
  models: CatalogModel[];
  /** The selected account's sandbox clock, in ms, as last read. */
  now: number;
  /** Re-reads the control plane and redraws the header and the current tab. */
  refresh(): Promise<void>;
  /** Says something in the status line (announced to screen readers). */
  notify(message: string, kind?: "info" | "error"): void;
  /** Runs a control-plane call, reporting a failure in the status line; resolves undefined then. */
  run<T>(action: () => Promise<T>, done?: string): Promise<T | undefined>;
}
