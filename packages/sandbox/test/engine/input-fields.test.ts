import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { BASE } from "./helpers.js";

// Input field names are looked up as the model's own fields: names every object inherits
// (`constructor`, `toString`, `__proto__`, …) are unknown fields like any other, 422.

const INHERITED = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

/** Raw JSON text: an object literal would turn `__proto__` into a prototype, not a field. */
const bodyWith = (name: string) => `{"input":{"prompt":"p",${JSON.stringify(name)}:1}}`;

async function post(sandbox: ReturnType<typeof createSandbox>, path: string, body: string) {
  const response = await sandbox.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${sandbox.keys.live}`, "content-type": "application/json" },
    body,
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
}

describe("input field names are own properties of the model's schema", () => {
  it.each(INHERITED)(
    "input.%s is an unknown field: 422 model_input_invalid on submit and estimate, nothing charged",
    async (name) => {
      const sandbox = createSandbox({ seed: 3 });
      const before = sandbox.account.balance.credits;
      for (const path of ["/v1/models/nano-banana-2", "/v1/models/nano-banana-2/estimate"]) {
        const answer = await post(sandbox, path, bodyWith(name));
        expect(answer.status).toBe(422);
        expect(answer.body.error?.code).toBe("model_input_invalid");
        expect(answer.body.error?.message).toContain(`input.${name} is not a field of nano-banana-2`);
      }
      expect(sandbox.usage(sandbox.account.account_id).balance.credits).toBe(before);
    },
  );

  it("an unknown name that no object inherits is answered the same way", async () => {
    const sandbox = createSandbox({ seed: 3 });
    const answer = await post(sandbox, "/v1/models/nano-banana-2", bodyWith("colour"));
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toContain("input.colour is not a field of nano-banana-2");
  });
});
