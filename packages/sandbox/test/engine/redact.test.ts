import { createSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { redactKey, redactSecrets } from "../../src/http/redact.js";
import { redactSecrets as redactGiven } from "../../src/node/verify/report.js";
import { REDACTED_KEY } from "../support/wire.js";
import { call } from "./helpers.js";

// One redaction (src/http/redact.ts) behind every place a key is shown: its redacted_value, an
// error message naming it, text echoed to a client, and verify's output.
describe("redactKey", () => {
  it.each([
    ["clipia_live_0123456789abcdefghijklmnopqrstuv", "clipia_live_…stuv"],
    ["clipia_test_a-b_c-d_e", "clipia_test_…-d_e"],
    // A body shorter than 4 is shown whole, never with the prefix's own underscore.
    ["clipia_test_ab", "clipia_test_…ab"],
    // Not key-shaped: nothing of it is shown.
    ["sk-live-0123456789", "…"],
    ["clipia_admin_0123456789", "…"],
    ["clipia_live_", "…"],
    ["", "…"],
  ])("%s → %s", (secret, redacted) => {
    expect(redactKey(secret)).toBe(redacted);
  });

  it("a minted key shows as its redacted_value, the same form everywhere", async () => {
    const sandbox = createSandbox();
    const key = sandbox.listKeys(sandbox.account.account_id).find((listed) => listed.environment === "live");
    expect(key!.redacted_value).toMatch(REDACTED_KEY);
    expect(key!.redacted_value).toBe(redactKey(sandbox.keys.live));
    expect(redactSecrets(`key ${sandbox.keys.live}.`)).toBe(`key ${key!.redacted_value}.`);
    expect(redactGiven(`key ${sandbox.keys.live}.`, [sandbox.keys.live])).toBe(`key ${key!.redacted_value}.`);
    // A well-formed key nobody issued is named redacted in the 401.
    const unknown = "clipia_test_0000000000000000000000000000wxyz";
    const answer = await call(sandbox, unknown, "GET", "/v1/account");
    expect(answer.body.error.message).toContain("clipia_test_…wxyz");
    expect(JSON.stringify(answer.body)).not.toContain(unknown);
  });
});

describe("redactSecrets", () => {
  it("redacts every key and webhook secret in free text, and leaves redacted forms alone", () => {
    const text = "a clipia_live_AAAAbbbbCCCC1234 b whsec_0123456789abcdef c clipia_test_…zzzz d clipia_test_abc";
    expect(redactSecrets(text)).toBe("a clipia_live_…1234 b whsec_… c clipia_test_…zzzz d clipia_test_abc");
  });
});
