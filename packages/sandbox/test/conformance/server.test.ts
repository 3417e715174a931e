import { startSandboxServer, type SandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startReceiver, type Receiver } from "../support/receiver.js";
import { conformanceCases } from "./cases/index.js";
import { validateAgainstContract } from "./contract.js";
import { runCase, type Transport } from "./runner.js";

// Over real HTTP: the Node server on 127.0.0.1, an ephemeral port, the client IP from the socket.
let server: SandboxServer;
let receiver: Receiver;
let transport: Transport;

beforeAll(async () => {
  server = await startSandboxServer({ port: 0, seed: 7 });
  receiver = await startReceiver();
  transport = { baseUrl: server.url, fetch: (request) => fetch(request), validate: validateAgainstContract, receiver };
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

describe("conformance over the Node server (real HTTP)", () => {
  for (const testCase of conformanceCases) {
    it(testCase.name, () => runCase(testCase, transport));
  }
});
