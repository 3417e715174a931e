import { connectSandbox } from "@clipia/sandbox";
import { expect } from "vitest";

// What each of the two parallel files does against the one shared server, each on its own
// account. Role "a" injects faults, forces outcomes, moves its clock and resets its account; role
// "b" does plain work at the same time and must see none of it — and the other way round for
// what "b" changes. A barrier on the account list proves the two files really overlap.

const MARKERS = { a: 4_001, b: 4_002 } as const;
const url = process.env.CLIPIA_SANDBOX_URL!;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function call(path: string, key: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

export async function runSuite(role: "a" | "b"): Promise<void> {
  const other = role === "a" ? "b" : "a";
  const remote = connectSandbox(url);
  const mine = await remote.createAccount({ balance_credits: MARKERS[role] });
  const accountId = mine.account.account_id;

  // Barrier: wait until the other file has created its account too.
  const deadline = Date.now() + 20_000;
  while (
    !(await remote.listAccounts()).some(
      (account: any) => account.balance?.credits === MARKERS[other] || account.balance_credits === MARKERS[other],
    )
  ) {
    if (Date.now() > deadline)
      throw new Error(`the other file (${other}) never started: the files did not run in parallel`);
    await sleep(25);
  }
  console.log(`[${role}] both files are running`);

  const clockBefore = Date.parse((await remote.advanceClock(0, { account_id: accountId })).now);
  for (let round = 0; round < 15; round++) {
    if (role === "a") {
      await remote.injectFault({ path: "/v1/account", status: 503, count: 1, account_id: accountId });
      expect((await call("/v1/account", mine.keys.live)).status).toBe(503);
      await remote.forceOutcome({ outcome: "FAILED", count: 1, account_id: accountId });
      expect((await call("/v1/models/nano-banana-2", mine.keys.test, { input: { prompt: "a" } })).body.status).toBe(
        "FAILED",
      );
      await remote.advanceClock(3_600_000, { account_id: accountId });
    } else {
      const account = await call("/v1/account", mine.keys.live);
      expect(account.status).toBe(200);
      const submitted = await call("/v1/models/nano-banana-2", mine.keys.test, { input: { prompt: "b" } });
      expect(submitted.body.status).toBe("COMPLETED");
      const now = Date.parse((await remote.advanceClock(0, { account_id: accountId })).now);
      expect(now - clockBefore).toBeLessThan(60_000);
      // b resets its own account every few rounds; a's keys must keep working.
      if (round % 5 === 4) await remote.reset({ account_id: accountId });
    }
    await sleep(20);
  }

  // What each changed stayed in its own account.
  const live = await call("/v1/account", mine.keys.live);
  expect(live.status).toBe(200);
  expect(live.body.balance.credits).toBe(MARKERS[role]);
  const now = Date.parse((await remote.advanceClock(0, { account_id: accountId })).now);
  if (role === "a") expect(now - clockBefore).toBeGreaterThanOrEqual(15 * 3_600_000);
  else expect(now - clockBefore).toBeLessThan(60_000);
  console.log(`[${role}] done, undisturbed`);
}
