import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  Clipia,
  type ClipiaOptions,
  type Fetch,
} from "@clipia/sdk";
import { describe, expect, it } from "vitest";
import { apiError, json, REQUEST_ID, resultOf, scriptedFetch, statusOf, TEST_KEY } from "./helpers.js";

const account = { account_id: "acc_1", balance: { credits: 10 }, usage_30d: { requests: 0, credits_spent: 0 } };

/** A fetch that never answers and ignores its signal (the worst case for a deadline). */
const hanging: Fetch = () => new Promise<Response>(() => {});
const later =
  (ms: number, reply: () => Response): Fetch =>
  () =>
    new Promise((resolve) => setTimeout(() => resolve(reply()), ms));

const client = (fetch: Fetch, options: ClipiaOptions = {}) =>
  new Clipia({ apiKey: TEST_KEY, fetch, logLevel: "off", ...options });

describe("timeout", () => {
  it("bounds a call whose fetch never answers (and ignores its signal)", async () => {
    const started = Date.now();
    const error = await client(hanging, { timeout: 50 })
      .account.retrieve()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe("GET /v1/account timed out after 50 ms.");
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("bounds the whole call, retries and backoff included", async () => {
    // A 503 at once, then a retry that never answers: only the call's deadline can end it.
    const fetch = scriptedFetch(
      apiError(503, "service_unavailable", { "retry-after-ms": "0" }),
      () => new Promise<Response>(() => {}),
    );
    await expect(client(fetch, { timeout: 300 }).account.retrieve()).rejects.toBeInstanceOf(APITimeoutError);
    expect(fetch.calls).toHaveLength(2);
  });

  it("Infinity (or more than setTimeout can hold) means no deadline", async () => {
    const fetch = later(30, () => json(200, account));
    await expect(client(fetch, { timeout: Number.POSITIVE_INFINITY }).account.retrieve()).resolves.toEqual(account);
    const polls = scriptedFetch(json(200, statusOf("COMPLETED", null, 100)), json(200, resultOf()));
    await expect(
      client(polls).queue.wait(REQUEST_ID, { timeout: 2 ** 40 }, { timeout: 2 ** 40 }),
    ).resolves.toMatchObject({ status: "COMPLETED" });
  });

  it("a call's timeout overrides the client's", async () => {
    await expect(client(hanging, { timeout: 60_000 }).account.retrieve({ timeout: 30 })).rejects.toThrow("after 30 ms");
  });

  it("aborts the request's signal, so a real fetch drops the connection", async () => {
    // The Request itself is kept, as a real fetch keeps it: undici's Request holds the controller
    // that makes its signal follow the call's only weakly through the signal alone, so keeping
    // just `request.signal` lets a garbage collection cut the link (seen on Node 24 under load).
    let seen: Request | undefined;
    const fetch: Fetch = (request) => {
      seen = request;
      return hanging(request);
    };
    await expect(client(fetch, { timeout: 20 }).account.retrieve()).rejects.toBeInstanceOf(APITimeoutError);
    expect(seen?.signal.aborted).toBe(true);
  });
  it("a subscribe whose submit outlives the wait's timeout names the model (its id is not known yet)", async () => {
    const subscribed = client(hanging).subscribe("nano-banana-2", { input: { prompt: "x" } }, { timeout: 30 });
    const error = await subscribed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe("The request to nano-banana-2 was not final after 30 ms.");
  });
});

describe("abort", () => {
  it("an already aborted signal: APIUserAbortError, nothing sent", async () => {
    const fetch = scriptedFetch(json(200, account));
    const error = await client(fetch)
      .account.retrieve({ signal: AbortSignal.abort("stop") })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe("stop");
    expect(fetch.calls).toHaveLength(0);
  });

  it("during the request", async () => {
    const controller = new AbortController();
    const promise = client(hanging).account.retrieve({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 10);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(((error as Error).cause as Error).message).toBe("user left");
  });

  it("during the backoff between two attempts", async () => {
    const controller = new AbortController();
    const fetch = scriptedFetch(apiError(503, "service_unavailable", { "retry-after": "30" }), json(200, account));
    const promise = client(fetch).account.retrieve({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(promise).rejects.toBeInstanceOf(APIUserAbortError);
    expect(fetch.calls).toHaveLength(1);
  });
});
