import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { BASE } from "./helpers.js";

// Input field names are looked up as the model's own fields: names every object inherits
// (`constructor`, `toString`, `__proto__`, …) are unknown fields like any other. SPEC v3 §2: an
// unknown field is accepted, ignored and recorded as a warning; with the account's
// `strict_inputs` it is a 422.

const INHERITED = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

/** Raw JSON text: an object literal would turn `__proto__` into a prototype, not a field. */
const bodyWith = (name: string) => `{"input":{"prompt":"p",${JSON.stringify(name)}:1}}`;

type Answer = { status: number; body: { cost?: number; credits?: number; error?: { code: string; message: string } } };

async function post(sandbox: ReturnType<typeof createSandbox>, path: string, body: string): Promise<Answer> {
  const response = await sandbox.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${sandbox.keys.live}`, "content-type": "application/json" },
    body,
  });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

describe("input field names are own properties of the model's schema", () => {
  it.each(INHERITED)(
    "input.%s is an unknown field: accepted, ignored (not stored, not priced) and recorded as a warning",
    async (name) => {
      const sandbox = createSandbox({ seed: 3 });
      const estimate = await post(sandbox, "/v1/models/nano-banana-2/estimate", bodyWith(name));
      expect(estimate).toMatchObject({ status: 200, body: { credits: 4 } });
      const submit = await post(sandbox, "/v1/models/nano-banana-2", bodyWith(name));
      expect(submit).toMatchObject({ status: 200, body: { cost: 4 } });
      const [request] = sandbox.listRequests(sandbox.account.account_id);
      expect(request?.warnings).toEqual([`input.${name} is not a field of nano-banana-2; it was ignored.`]);
      expect(Object.hasOwn(request?.input ?? {}, name)).toBe(false);
    },
  );

  it.each(INHERITED)(
    "with strict_inputs, input.%s is a 422 model_input_invalid on submit and estimate, nothing charged",
    async (name) => {
      const sandbox = createSandbox({ seed: 3 });
      sandbox.updateAccount(sandbox.account.account_id, { strict_inputs: true });
      const before = sandbox.account.balance.credits;
      for (const path of ["/v1/models/nano-banana-2", "/v1/models/nano-banana-2/estimate"]) {
        const answer = await post(sandbox, path, bodyWith(name));
        expect(answer.status).toBe(422);
        expect(answer.body.error?.code).toBe("model_input_invalid");
        expect(answer.body.error?.message).toContain(`input.${name} is not a field of nano-banana-2`);
      }
      expect(sandbox.usage(sandbox.account.account_id).balance.credits).toBe(before);
      expect(sandbox.listRequests(sandbox.account.account_id)).toEqual([]);
    },
  );

  it("an unknown name that no object inherits is answered the same way, and a listed one gets no warning", async () => {
    const sandbox = createSandbox({ seed: 3 });
    expect((await post(sandbox, "/v1/models/nano-banana-2", bodyWith("colour"))).status).toBe(200);
    expect((await post(sandbox, "/v1/models/nano-banana-2", `{"input":{"prompt":"p","seed":1}}`)).status).toBe(200);
    const [listed, unknown] = sandbox.listRequests(sandbox.account.account_id);
    expect(listed?.warnings).toEqual([]);
    expect(unknown?.warnings).toEqual(["input.colour is not a field of nano-banana-2; it was ignored."]);
    sandbox.updateAccount(sandbox.account.account_id, { strict_inputs: true });
    const strict = await post(sandbox, "/v1/models/nano-banana-2", bodyWith("colour"));
    expect(strict.status).toBe(422);
    expect(strict.body.error?.message).toContain("input.colour is not a field of nano-banana-2");
  });
});
