import { describe, expect, it, vi } from "vitest";
import { call, submit } from "./helpers.js";

// Every key lookup hashes the presented secret (SHA-256, in JS: the core runs anywhere). The
// pipeline reads the credential once and hands it to the fault match and the authentication, so
// a request hashes its key once; counted through the module every caller imports.
const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/engine/sha256.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/engine/sha256.js")>();
  return {
    ...original,
    sha256Hex: (text: string) => {
      hashes.count++;
      return original.sha256Hex(text);
    },
  };
});

/** The status `run` got and how many hashes it made. */
async function hashesOf(run: () => Promise<{ status: number }>): Promise<[status: number, hashes: number]> {
  const before = hashes.count;
  const { status } = await run();
  return [status, hashes.count - before];
}

describe("the presented key is hashed once per request", () => {
  it("on a read, a submit, an unknown path, an unknown key and a scope refusal", async () => {
    // Loaded afresh, so the sandbox imports the counted sha256 even where an earlier file of the
    // worker loaded it with the real one (a run with --no-isolate).
    vi.resetModules();
    const { createSandbox } = await import("@clipia/sandbox");
    const sandbox = createSandbox();
    const { keys } = sandbox.createAccount();
    const seen = {
      read: await hashesOf(() => call(sandbox, keys.test, "GET", "/v1/account")),
      submit: await hashesOf(() => submit(sandbox, keys.test, "nano-banana-2", { prompt: "a lighthouse" })),
      notFound: await hashesOf(() => call(sandbox, keys.test, "GET", "/v1/nowhere")),
      unknownKey: await hashesOf(() =>
        call(sandbox, "clipia_test_nosuchkeynosuchkeynosuchkey00", "GET", "/v1/account"),
      ),
      scope: await hashesOf(() => submit(sandbox, keys.test_read_only, "nano-banana-2", { prompt: "a lighthouse" })),
    };
    expect(seen).toEqual({
      read: [200, 1],
      submit: [200, 1],
      notFound: [404, 1],
      unknownKey: [401, 1],
      scope: [403, 1],
    });
  });

  it("and still finds the key: the answer is the authenticated one", async () => {
    // Loaded afresh, so the sandbox imports the counted sha256 even where an earlier file of the
    // worker loaded it with the real one (a run with --no-isolate).
    vi.resetModules();
    const { createSandbox } = await import("@clipia/sandbox");
    const sandbox = createSandbox();
    const answer = await call(sandbox, sandbox.keys.test, "GET", "/v1/account");
    expect(answer.status).toBe(200);
    expect(answer.body.account_id).toBe(sandbox.account.account_id);
  });
});
