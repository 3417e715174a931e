import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startReceiver, type Receiver } from "../support/receiver.js";
import { conformanceCases } from "./cases/index.js";
import { validateAgainstContract } from "./contract.js";
import { runCase, type Transport } from "./runner.js";

// In process: MSW intercepts the global fetch (any request it has no handler for is an error) and
// hands each request to https://api.clipia.ai to the sandbox core. Webhooks reach a receiver on
// 127.0.0.1 all the same: the sandbox delivers with a fetch MSW does not intercept.
const sandbox = createSandbox({ seed: 7 });
const server = setupServer(...sandbox.handlers);
let transport: Transport;
let receiver: Receiver;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  receiver = await startReceiver();
  transport = {
    baseUrl: "https://api.clipia.ai",
    fetch: (request) => fetch(request),
    validate: validateAgainstContract,
    receiver,
  };
});
afterAll(async () => {
  server.close();
  await receiver.close();
});

describe("conformance over MSW (in process, https://api.clipia.ai)", () => {
  for (const testCase of conformanceCases) {
    it(testCase.name, () => runCase(testCase, transport));
  }
});
