// The in-process sandbox for one test file, served through MSW: no port, no network. Any request
// the sandbox does not answer fails the test (onUnhandledRequest: "error").
import { createSandbox } from "@clipia/sandbox";
import { setupServer } from "msw/node";
import { afterAll, beforeAll } from "vitest";

export const sandbox = createSandbox(); // answers https://api.clipia.ai, the SDK's default base URL
const server = setupServer(...sandbox.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
