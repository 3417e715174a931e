import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import { gatewaySuite } from "./openai-suite.js";

// In process: MSW intercepts the openai SDK's fetch (any request without a handler is an error),
// with the base URL Clipia documents.
const sandbox = createSandbox({ seed: 20 });
const server = setupServer(...sandbox.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

gatewaySuite("in process, MSW, https://api.clipia.ai/v1", async () => ({
  baseURL: "https://api.clipia.ai/v1",
  sandbox,
}));
