import { withContract } from "@clipia/contract";
import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { Clipia, type ClipiaOptions, type Fetch } from "@clipia/sdk";

/**
 * A fresh in-process sandbox and a client factory over its core (no network at all). Every
 * response is validated against openapi.yaml; `validateRequests` also checks what the SDK sends.
 */
export function inProcess(seed = 42, { validateRequests = false } = {}) {
  const sandbox: Sandbox = createSandbox({ seed });
  let fetch: Fetch = withContract((request: Request) => sandbox.fetch(request), { validateRequests });
  const client = (apiKey: string, options: ClipiaOptions = {}) =>
    new Clipia({ apiKey, baseUrl: "https://api.clipia.ai", fetch, logLevel: "off", ...options });
  return {
    sandbox,
    client,
    /** Wraps the transport (to observe or perturb requests) for clients made afterwards. */
    wrap(wrapper: (inner: Fetch) => Fetch) {
      fetch = wrapper(fetch);
    },
  };
}

/** `globalThis.fetch` (MSW-patched or real, looked up per call) with contract validation. */
export const contractGlobalFetch: Fetch = withContract((request: Request) => globalThis.fetch(request));
