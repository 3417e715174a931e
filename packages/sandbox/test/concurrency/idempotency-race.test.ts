import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, openTarget, submitOnce, type Target, unthrottledKey } from "./transports.js";

// Many concurrent submits with one Idempotency-Key: exactly one request is created and charged,
// whatever the interleaving; every other answer is the same request again or 409
// request_in_progress (SPEC §2).

const MODEL = "kling-3";

describe.each(["in process", "over HTTP"] as const)("one Idempotency-Key, many concurrent submits (%s)", (kind) => {
  let target: Target;
  beforeAll(async () => {
    target = await openTarget(kind, 3);
  });
  afterAll(() => target?.close());

  function fresh() {
    const { account } = target.sandbox.createAccount({ balance_credits: 100_000 });
    return { accountId: account.account_id, key: unthrottledKey(target, account.account_id).secret };
  }

  it("without a delay: one request, one charge; the rest the same request_id or 409 request_in_progress", async () => {
    const { accountId, key } = fresh();
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        submitOnce(target, key, MODEL, "one and only", { "idempotency-key": "same-key" }),
      ),
    );

    const ids = new Set(results.filter((r) => r.status === 200).map((r) => r.body.request_id));
    expect(ids.size).toBe(1);
    for (const r of results)
      if (r.status !== 200) expect([r.status, r.body.error?.code]).toEqual([409, "request_in_progress"]);
    const requests = target.sandbox.listRequests(accountId);
    expect(requests).toHaveLength(1);
    const cost = results.find((r) => r.status === 200)!.body.cost!;
    expect((await getJson(target, "/v1/account", key)).balance.credits).toBe(100_000 - cost);
  });

  it("with the first held by a delay_ms fault: all others 409 request_in_progress, then the replay; one charge", async () => {
    const { accountId, key } = fresh();
    target.sandbox.injectFault({ method: "POST", path: `/v1/models/${MODEL}`, delay_ms: 300, account_id: accountId });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => submitOnce(target, key, MODEL, "held", { "idempotency-key": "held-key" })),
    );

    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.error?.code === "request_in_progress")).toHaveLength(99);
    const id = results.find((r) => r.status === 200)!.body.request_id;
    const again = await submitOnce(target, key, MODEL, "held", { "idempotency-key": "held-key" });
    expect(again).toMatchObject({ status: 200, body: { request_id: id } });
    expect(target.sandbox.listRequests(accountId)).toHaveLength(1);
  });

  it("different bodies racing on one key: one request; the others reuse (409) or in progress (409)", async () => {
    const { accountId, key } = fresh();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        submitOnce(target, key, MODEL, `body ${i % 7}`, { "idempotency-key": "mixed" }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(new Set(ok.map((r) => r.body.request_id)).size).toBe(1);
    for (const r of results)
      if (r.status !== 200) expect(["idempotency_key_reuse", "request_in_progress"]).toContain(r.body.error?.code);
    expect(target.sandbox.listRequests(accountId)).toHaveLength(1);
  });
});
