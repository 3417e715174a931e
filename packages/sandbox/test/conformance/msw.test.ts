import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, it } from "vitest";
import { conformanceCases } from "./cases/index.js";
import { validateAgainstContract } from "./contract.js";
import { runCase, type Transport } from "./runner.js";

// In process: MSW intercepts the global fetch and hands each request to the sandbox core.
// The client IP is pinned to 127.0.0.1, the address the Node server run sees on its socket.
const BASE_URL = "http://127.0.0.1:4010";
const sandbox = createSandbox({ seed: 7, clientIp: "127.0.0.1" });
const server = setupServer(...sandbox.handlers);
let transport: Transport;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  transport = { baseUrl: BASE_URL, fetch: (input, init) => fetch(input, init), validate: validateAgainstContract };
});
afterAll(() => server.close());

describe("conformance over MSW (in process)", () => {
  for (const testCase of conformanceCases) {
    it(testCase.name, () => runCase(testCase, transport));
  }
});
