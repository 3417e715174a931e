import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { Clipia, type ClipiaOptions, type Fetch } from "@clipia/sdk";

/** A fresh in-process sandbox and a client factory over its core (no network at all). */
export function inProcess(seed = 42) {
  const sandbox: Sandbox = createSandbox({ seed });
  let fetch: Fetch = (request) => sandbox.fetch(request);
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
