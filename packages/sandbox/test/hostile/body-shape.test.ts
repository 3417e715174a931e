import { createSandbox } from "@clipia/sandbox";
import { afterEach, describe, expect, it, vi } from "vitest";

// Limits before work: a body nested past 64 levels or holding more than 10,000 keys and elements
// is refused from its raw text, before the parser, the idempotency fingerprint (parse + canonical
// form + hash) or anything else reads it. Asserted by what reaches JSON.parse, never by timing.

const URL = "https://api.clipia.ai/v1/models/nano-banana-2";

function send(sandbox: ReturnType<typeof createSandbox>, body: string, idempotencyKey?: string) {
  return sandbox.fetch(URL, {
    method: "POST",
    headers: {
      authorization: `Bearer ${sandbox.keys.test}`,
      "content-type": "application/json",
      ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }),
    },
    body,
  });
}

/** Counts the calls of JSON.parse on the body itself (the sandbox parses other, small texts). */
function watchParse(body: string) {
  const parse = vi.spyOn(JSON, "parse");
  return () => parse.mock.calls.filter(([text]) => text === body).length;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const DEEP = `{"input":${"[".repeat(520_000)}${"]".repeat(520_000)}}`;
const WIDE = JSON.stringify({ input: Object.fromEntries(Array.from({ length: 45_000 }, (_, i) => [`k${i}`, i])) });

describe("body shape limits, checked before any parse", () => {
  it.each([
    ["520,000 levels deep, with an Idempotency-Key", DEEP, "deep-1", /nested deeper than 64 levels/],
    ["520,000 levels deep, without one", DEEP, undefined, /nested deeper than 64 levels/],
    ["45,000 keys wide, with an Idempotency-Key", WIDE, "wide-1", /more than 10000 keys and array elements/],
    ["45,000 keys wide, without one", WIDE, undefined, /more than 10000 keys and array elements/],
  ])("a body %s is a 400 invalid_request that never reaches JSON.parse", async (_, body, idempotencyKey, message) => {
    expect(body.length).toBeLessThan(1024 * 1024);
    const sandbox = createSandbox({ seed: 5 });
    const parsed = watchParse(body);
    const response = await send(sandbox, body, idempotencyKey);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe("invalid_request");
    expect(answer.error.message).toMatch(message);
    expect(parsed()).toBe(0);
  });

  it("the limit comes before the idempotency lookup: a used key with a deep body is the 400, not a 409", async () => {
    const sandbox = createSandbox({ seed: 5 });
    expect((await send(sandbox, JSON.stringify({ input: { prompt: "p" } }), "used")).status).toBe(200);
    const response = await send(sandbox, DEEP, "used");
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/nested deeper/);
  });

  it("brackets, braces and commas inside strings (escaped quotes included) count for nothing", async () => {
    const sandbox = createSandbox({ seed: 5 });
    const prompt = `\\"${"[{,".repeat(30_000)}`;
    const response = await send(sandbox, `{"input":{"prompt":"${prompt}"}}`);
    expect(response.status).toBe(200);
  });

  it("a body just inside both limits is parsed and judged on its input (422 for the unknown fields with strict_inputs)", async () => {
    const sandbox = createSandbox({ seed: 5 });
    sandbox.updateAccount(sandbox.account.account_id, { strict_inputs: true });
    const deep = `{"input":{"prompt":"p","extra":${"[".repeat(62)}${"]".repeat(62)}}}`;
    const wide = JSON.stringify({ input: Object.fromEntries(Array.from({ length: 9_990 }, (_, i) => [`k${i}`, i])) });
    for (const body of [deep, wide]) {
      const parsed = watchParse(body);
      const response = await send(sandbox, body, `inside-${body.length}`);
      expect(response.status).toBe(422);
      expect(parsed()).toBeGreaterThan(0);
      vi.restoreAllMocks();
    }
  });

  it("without strict_inputs, thousands of unknown fields are ignored with a bounded list of warnings", async () => {
    const sandbox = createSandbox({ seed: 5 });
    const input = { prompt: "p", ...Object.fromEntries(Array.from({ length: 9_990 }, (_, i) => [`k${i}`, i])) };
    const response = await send(sandbox, JSON.stringify({ input }), "inside-lenient");
    expect(response.status).toBe(200);
    const [request] = sandbox.listRequests(sandbox.account.account_id);
    expect(request?.warnings).toHaveLength(17);
    expect(request?.warnings[0]).toBe("input.k0 is not a field of nano-banana-2; it was ignored.");
    expect(request?.warnings[16]).toBe("9974 more fields that nano-banana-2 does not list were ignored.");
    expect(Object.keys(request?.input ?? {})).not.toContain("k0");
  });
});
