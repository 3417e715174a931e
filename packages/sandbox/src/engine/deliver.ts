import type { WebhookFetch } from "./state.js";

/**
 * The default webhook fetch: the global `fetch`, marked with MSW's own bypass marker (`Accept:
 * msw/passthrough`, what `bypass()` sets, and MSW strips it before sending), so a delivery to a
 * local receiver still arrives in process under `setupServer` / `setupWorker`, even with
 * `onUnhandledRequest: "error"`. Without MSW the marker is an inert Accept value.
 */
export const bypassingFetch: WebhookFetch = (request) => {
  const headers = new Headers(request.headers);
  headers.append("accept", "msw/passthrough");
  return globalThis.fetch(new Request(request, { headers }));
};
