import { createSandbox, type Sandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { BASE } from "./helpers.js";

// A submit authenticated before its key changes, and charged after: the change wins. The request
// is held in its body (a stream the pipeline reads only after the credential, IP, scope and rate
// limit checks), so the change lands between authentication and the charge with no timing; with a
// `delay_ms` fault it lands while the request is held by the fault.

interface Case {
  name: string;
  change: (sandbox: Sandbox, keyId: string, accountId: string) => void;
  status: number;
  code: string;
}

const CHANGES: Case[] = [
  { name: "revoked", change: (sandbox, keyId) => void sandbox.revokeKey(keyId), status: 401, code: "invalid_api_key" },
  {
    name: "disabled",
    change: (sandbox, keyId) => void sandbox.updateKey(keyId, { disabled: true }),
    status: 401,
    code: "invalid_api_key",
  },
  {
    name: "stripped of `generate`",
    change: (sandbox, keyId) => void sandbox.updateKey(keyId, { scopes: ["read"] }),
    status: 403,
    code: "insufficient_scope",
  },
  {
    name: "expired",
    change: (sandbox, keyId, accountId) => {
      sandbox.updateKey(keyId, { expires_at: new Date(sandbox.now({ account_id: accountId }) + 1_000).toISOString() });
      sandbox.advanceClock(2_000, { account_id: accountId });
    },
    status: 401,
    code: "invalid_api_key",
  },
];

/** A body stream that runs `onRead` when the pipeline starts reading it, then delivers `text`. */
function heldBody(text: string, onRead: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        onRead();
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    },
    // No read ahead: `pull` runs only once the pipeline asks for the body.
    { highWaterMark: 0 },
  );
}

async function setup() {
  const sandbox = createSandbox({ seed: 8 });
  const { account } = sandbox.createAccount({ balance_credits: 100 });
  const key = sandbox.createKey(account.account_id, { name: "in flight", environment: "live" });
  return { sandbox, accountId: account.account_id, key };
}

async function submitHeld(sandbox: Sandbox, secret: string, onRead: () => void) {
  const response = await sandbox.fetch(`${BASE}/v1/models/nano-banana-2`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${secret}`,
      "content-type": "application/json",
      "idempotency-key": "in-flight-1",
    },
    body: heldBody(JSON.stringify({ input: { prompt: "p" } }), onRead),
    duplex: "half",
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
}

function expectNothingCharged(sandbox: Sandbox, accountId: string, keyId: string) {
  expect(sandbox.usage(accountId).balance.credits).toBe(100);
  expect(sandbox.listRequests(accountId)).toEqual([]);
  expect(sandbox.listKeys(accountId).find((k) => k.id === keyId)?.credits_used).toBe(0);
}

describe("a key changed while its submit is in flight", () => {
  it("is charged when nothing changes (the held body alone changes nothing)", async () => {
    const { sandbox, accountId, key } = await setup();
    const answer = await submitHeld(sandbox, key.secret, () => undefined);
    expect(answer.status).toBe(200);
    expect(sandbox.usage(accountId).balance.credits).toBeLessThan(100);
  });

  it.each(CHANGES)("$name after authentication: $status $code, nothing charged", async ({ change, status, code }) => {
    const { sandbox, accountId, key } = await setup();
    const answer = await submitHeld(sandbox, key.secret, () => change(sandbox, key.id, accountId));
    expect(answer.status).toBe(status);
    expect(answer.body.error?.code).toBe(code);
    expectNothingCharged(sandbox, accountId, key.id);
  });

  it.each(CHANGES)(
    "$name while a delay_ms fault holds the request: $status $code, nothing charged",
    async ({ change, status, code }) => {
      const { sandbox, accountId, key } = await setup();
      sandbox.injectFault({ method: "POST", path: "/v1/models/nano-banana-2", delay_ms: 150, account_id: accountId });
      // The body is read whole before the fault's hold: the change comes one task later, during it.
      const answer = await submitHeld(sandbox, key.secret, () =>
        setTimeout(() => change(sandbox, key.id, accountId), 0),
      );
      expect(answer.status).toBe(status);
      expect(answer.body.error?.code).toBe(code);
      expectNothingCharged(sandbox, accountId, key.id);
    },
  );
});
