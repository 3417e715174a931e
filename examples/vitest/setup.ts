// One in-process sandbox for the whole suite, served through MSW: no port, no network.
import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

export const sandbox = createSandbox(); // seed 42: the default keys in the docs
const server = setupServer(...sandbox.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => sandbox.reset()); // default account back to its initial state, faults cleared
afterAll(() => server.close());
