import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";
import { scriptedRepliesSuite } from "./scripted-replies-suite.js";

// In process: MSW intercepts the openai SDK's fetch; the sandbox object is the control plane.
const sandbox = createSandbox({ seed: 21 });
const server = setupServer(...sandbox.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

scriptedRepliesSuite("in process, MSW", async () => ({ baseURL: "https://api.clipia.ai/v1", control: sandbox }));
