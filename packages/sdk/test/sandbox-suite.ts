// One suite of SDK-against-sandbox tests, run on every transport: the core in process
// (`sandbox.fetch`), MSW handlers, and the real server over TCP (see the *-sandbox test files).
import type { ControlPlane } from "@clipia/sandbox";
import {
  AuthenticationError,
  BadRequestError,
  Clipia,
  type ClipiaOptions,
  type components,
  ConflictError,
  GenerationCanceledError,
  GenerationFailedError,
  InsufficientCreditsError,
  SubscriptionRequiredError,
  InsufficientScopeError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  type StatusResponse,
  UnprocessableEntityError,
} from "@clipia/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** What a transport gives the suite: the control plane (sync or async) and client options. */
export interface Transport {
  control: {
    [K in keyof ControlPlane]: (
      ...args: Parameters<ControlPlane[K]>
    ) => ReturnType<ControlPlane[K]> | Promise<ReturnType<ControlPlane[K]>>;
  };
  options: ClipiaOptions;
  close?: () => Promise<void> | void;
}

export function sandboxSuite(name: string, setup: () => Promise<Transport>): void {
  describe(name, () => {
    let transport: Transport;
    beforeAll(async () => {
      transport = await setup();
    });
    afterAll(async () => {
      await transport?.close?.();
    });

    /** A fresh isolated account, clients for its keys, and its control plane. */
    async function account(balance_credits = 1_000) {
      const { control, options } = transport;
      const credentials = await control.createAccount({ balance_credits });
      const accountId = credentials.account.account_id;
      const client = (apiKey: string, more: ClipiaOptions = {}) =>
        new Clipia({ apiKey, logLevel: "off", ...options, ...more });
      return {
        accountId,
        credentials,
        live: client(credentials.keys.live),
        test: client(credentials.keys.test),
        readOnly: client(credentials.keys.test_read_only),
        client,
        balance: async () => (await client(credentials.keys.live).account.retrieve()).balance.credits,
        requests: async () => control.listRequests(accountId),
      };
    }

    it("a test key: subscribe resolves at once, one submit and one result call, nothing charged", async () => {
      const a = await account();
      const urls: string[] = [];
      const test = a.client(a.credentials.keys.test);
      test.raw.use({
        onRequest: ({ request }) => void urls.push(`${request.method} ${new URL(request.url).pathname}`),
      });
      const updates: StatusResponse[] = [];
      const result = await test.subscribe(
        "nano-banana-2",
        { input: { prompt: "a red fox in snow" } },
        { onQueueUpdate: (s) => updates.push(s) },
      );
      expect(result.status).toBe("COMPLETED");
      expect(result.pending).toBe(false);
      expect(result.output.images[0]!.url).toMatch(/^https?:\/\//);
      expect(result.cost).toBeGreaterThan(0);
      expect(urls).toEqual(["POST /v1/models/nano-banana-2", `GET /v1/requests/${result.request_id}`]);
      expect(updates.map((s) => [s.status, s.progress])).toEqual([["COMPLETED", 100]]);
      expect(await a.balance()).toBe(1_000);
    });

    it("a live key: subscribe reports queue position and progress as the clock moves, and charges the estimate", async () => {
      const a = await account();
      const input = { prompt: "a lighthouse in a storm", resolution: "2K" as const };
      const { credits } = await a.live.models.estimate("nano-banana-pro", { input });
      const updates: StatusResponse[] = [];
      let ticking = true;
      const tick = (async () => {
        while (ticking) {
          await transport.control.advanceClock(2_000, { account_id: a.accountId });
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      try {
        const result = await a.live.subscribe(
          "nano-banana-pro",
          { input },
          { pollInterval: 5, timeout: 20_000, onQueueUpdate: (s) => updates.push({ ...s }) },
        );
        expect(result.output.images.length).toBeGreaterThan(0);
        expect(result.cost).toBe(credits);
      } finally {
        ticking = false;
        await tick;
      }
      expect(updates[0]!.status).toBe("IN_QUEUE");
      expect(updates.at(-1)).toMatchObject({ status: "COMPLETED", progress: 100 });
      const progress = updates.filter((s) => s.status === "IN_PROGRESS").map((s) => s.progress!);
      expect(progress).toEqual([...progress].sort((x, y) => x - y));
      expect(new Set(updates.map((s) => `${s.status} ${s.queue_position} ${s.progress}`)).size).toBe(updates.length);
      expect(await a.balance()).toBe(1_000 - credits);
    });

    it("queue.status and queue.result while pending (202), with rate-limit headers", async () => {
      const a = await account();
      const submitted = await a.live.queue.submit("kling-3", { input: { prompt: "surf at dawn" } }).withResponse();
      expect(submitted.data.status).toBe("IN_QUEUE");
      expect(submitted.rateLimit).toMatchObject({ limit: 120 });
      const id = submitted.data.request_id;
      expect(await a.live.queue.status(id)).toMatchObject({
        request_id: id,
        status: "IN_QUEUE",
        progress: null,
        logs: [],
      });
      const pending = await a.live.queue.result(id).withResponse();
      expect(pending.response.status).toBe(202);
      expect(pending.data).toMatchObject({ request_id: id, pending: true });
      expect(pending.rateLimit!.remaining).toBeLessThan(submitted.rateLimit!.remaining);
    });

    it("the catalog, estimate, account and key", async () => {
      const a = await account(250);
      const { object, data } = await a.test.models.list();
      expect(object).toBe("list");
      expect(data.map((m) => ("slug" in m ? m.slug : m.id))).toEqual(
        expect.arrayContaining(["nano-banana-2", "sora-2", "gpt-5.5"]),
      );
      const detail = await a.test.models.retrieve("seedance-2-fast-i2v");
      expect("input_schema" in detail && detail.input_schema.image_url?.required).toBe(true);
      const ten = await a.test.models.estimate("kling-3", { input: { prompt: "x", duration: 10 } });
      const five = await a.test.models.estimate("kling-3", { input: { prompt: "x", duration: 5 } });
      expect(ten.credits).toBeGreaterThan(five.credits);
      expect(await a.test.account.retrieve()).toMatchObject({ account_id: a.accountId, balance: { credits: 250 } });
      expect(await a.live.key.retrieve()).toMatchObject({ rate_limit: { requests: 120, interval: "1m" }, limit: null });
    });

    describe("generation.retrieve: the cost of a chat completion", () => {
      /** One chat completion through `raw` (the SDK does not wrap chat: users call it with `openai`). */
      async function chat(client: Clipia, content = "Say hello") {
        const { data } = await client.raw.POST("/v1/chat/completions", {
          body: { model: "gpt-5.5", messages: [{ role: "user", content }] },
        });
        // The 200 is typed as JSON or an event stream; without `stream` it is the JSON completion.
        return data as components["schemas"]["ChatCompletion"];
      }

      it("a test key: the completion's id, model, tokens and what live would charge; nothing charged", async () => {
        const a = await account();
        const completion = await chat(a.test);
        const cost = await a.test.generation.retrieve(completion.id).withResponse();
        expect(cost.data).toEqual({
          id: completion.id,
          model: completion.model,
          provider_name: "Clipia",
          streamed: false,
          total_cost: expect.any(Number),
          tokens_prompt: completion.usage.prompt_tokens,
          tokens_completion: completion.usage.completion_tokens,
          finish_reason: completion.choices[0]!.finish_reason,
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
        });
        expect(cost.data.total_cost).toBeGreaterThan(0);
        expect(cost.rateLimit).toMatchObject({ limit: 120 });
        expect(await a.balance()).toBe(1_000);
      });

      it("a live key: the balance went down by total_cost (fractional credits)", async () => {
        const a = await account();
        const completion = await chat(a.live, "Write a haiku about the sea");
        const { total_cost } = await a.live.generation.retrieve(completion.id);
        expect(total_cost).toBeGreaterThan(0);
        expect(await a.balance()).toBeCloseTo(1_000 - total_cost, 6);
      });

      it("404 NotFoundError for an unknown id, another account's id and the other environment's id", async () => {
        const a = await account();
        const b = await account();
        const ours = await chat(a.test);
        const live = await chat(a.live);
        for (const [client, id] of [
          [a.test, "chatcmpl-000000000000"],
          [b.test, ours.id],
          [a.test, live.id],
        ] as const) {
          const error = (await client.generation.retrieve(id).catch((e: unknown) => e)) as NotFoundError;
          expect(error).toBeInstanceOf(NotFoundError);
          expect([error.status, error.code]).toEqual([404, "not_found"]);
        }
        await expect(a.test.generation.retrieve(ours.id)).resolves.toMatchObject({ id: ours.id });
      });

      it("400 BadRequestError without an id", async () => {
        const a = await account();
        const error = await a.test.generation.retrieve("").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BadRequestError);
        expect((error as BadRequestError).code).toBe("invalid_request");
      });
    });

    describe("errors, as the sandbox answers them", () => {
      it.each([
        [
          "401 for an unknown key",
          AuthenticationError,
          (a: Awaited<ReturnType<typeof account>>) => a.client("clipia_test_unknownunknownunknown").account.retrieve(),
        ],
        [
          "403 insufficient_scope for a read-only key",
          InsufficientScopeError,
          (a: Awaited<ReturnType<typeof account>>) =>
            a.readOnly.queue.submit("nano-banana-2", { input: { prompt: "x" } }),
        ],
        [
          "404 for an unknown model",
          NotFoundError,
          (a: Awaited<ReturnType<typeof account>>) => a.test.queue.submit("no-such-model", { input: {} }),
        ],
        [
          "404 for an unknown request",
          NotFoundError,
          (a: Awaited<ReturnType<typeof account>>) => a.test.queue.status("00000000-0000-4000-8000-000000000000"),
        ],
        [
          "422 for an enum value outside the schema",
          UnprocessableEntityError,
          (a: Awaited<ReturnType<typeof account>>) =>
            a.test.queue.submit("nano-banana-2", { input: { prompt: "x", aspect_ratio: "2:1" as never } }),
        ],
        [
          "400 for a text model",
          BadRequestError,
          (a: Awaited<ReturnType<typeof account>>) => a.test.queue.submit("gpt-5.5", { input: { prompt: "x" } }),
        ],
        [
          "400 for an http webhook_url off loopback",
          BadRequestError,
          (a: Awaited<ReturnType<typeof account>>) =>
            a.test.queue.submit("nano-banana-2", { input: { prompt: "x" }, webhook_url: "http://example.com/hook" }),
        ],
      ] as const)("%s", async (_name, Class, call) => {
        const error = await call(await account()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Class);
        expect((error as { type: string }).type).toMatch(/_error$/);
      });

      it("402 when the balance cannot cover a live submit; nothing queued", async () => {
        const a = await account(1);
        await expect(a.live.queue.submit("sora-2", { input: { prompt: "x" } })).rejects.toBeInstanceOf(
          InsufficientCreditsError,
        );
        expect(await a.requests()).toHaveLength(0);
      });

      it("402 subscription_required without a plan: SubscriptionRequiredError, an InsufficientCreditsError; once, nothing charged", async () => {
        const a = await account();
        await transport.control.updateAccount(a.accountId, { subscription: "none" });
        const error = (await a.live.queue
          .submit("nano-banana-2", { input: { prompt: "x" } })
          .catch((e: unknown) => e)) as SubscriptionRequiredError;
        expect(error).toBeInstanceOf(SubscriptionRequiredError);
        expect(error).toBeInstanceOf(InsufficientCreditsError);
        expect({ status: error.status, code: error.code, type: error.type }).toEqual({
          status: 402,
          code: "subscription_required",
          type: "invalid_request_error",
        });
        expect(await a.requests()).toHaveLength(0);
        expect(await a.balance()).toBe(1_000);
        await expect(a.test.queue.submit("nano-banana-2", { input: { prompt: "x" } })).resolves.toMatchObject({
          status: "COMPLETED",
        });
      });

      it("409 idempotency_key_reuse: the same key with another body (not retried)", async () => {
        const a = await account();
        await a.test.queue.submit("nano-banana-2", { input: { prompt: "one" } }, { idempotencyKey: "order-1" });
        const error = await a.test.queue
          .submit("nano-banana-2", { input: { prompt: "two" } }, { idempotencyKey: "order-1" })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).code).toBe("idempotency_key_reuse");
      });

      it("429 with Retry-After and the rate limit, once retries are exhausted", async () => {
        const a = await account();
        const key = await transport.control.createKey(a.accountId, {
          name: "tight",
          environment: "test",
          rate_limit: { requests: 1 },
        });
        const tight = a.client(key.secret, { maxRetries: 0 });
        await tight.account.retrieve();
        const error = (await tight.account.retrieve().catch((e: unknown) => e)) as RateLimitError;
        expect(error).toBeInstanceOf(RateLimitError);
        expect(error.retryAfter).toBeGreaterThan(0);
        expect(error.rateLimit).toMatchObject({ limit: 1, remaining: 0 });
      });

      it("an injected 503 that persists: InternalServerError after 3 attempts", async () => {
        const a = await account();
        await transport.control.injectFault({ status: 503, count: 3, retry_after: 0, account_id: a.accountId });
        const error = (await a.test.account.retrieve().catch((e: unknown) => e)) as InternalServerError;
        expect(error).toBeInstanceOf(InternalServerError);
        expect([error.status, error.code, error.type]).toEqual([503, "service_unavailable", "api_error"]);
        await expect(a.test.account.retrieve()).resolves.toBeTruthy();
      });

      it.each([
        ["FAILED", GenerationFailedError, "GENERATION_FAILED"],
        ["CANCELED", GenerationCanceledError, "GENERATION_CANCELED"],
      ] as const)("a forced %s outcome: subscribe throws %s with the result", async (outcome, Class, code) => {
        const a = await account();
        await transport.control.forceOutcome({ outcome, account_id: a.accountId });
        const error = await a.test.subscribe("flux-2-pro", { input: { prompt: "x" } }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Class);
        expect((error as GenerationFailedError).result).toMatchObject({
          status: outcome,
          output: null,
          error: { code },
        });
      });
    });

    describe("a retried submit queues and charges exactly once", () => {
      const SUBMIT = { method: "POST", path: "/v1/models/nano-banana-2" };
      it.each([
        ["a 500 after the submit was processed (the answer lost)", { status: 500, phase: "after" }],
        ["a dropped connection after the submit was processed", { network_error: true, phase: "after" }],
        ["a 503 before processing, twice", { status: 503, count: 2, retry_after: 0 }],
        ["a dropped connection before processing", { network_error: true }],
      ] as const)("%s", async (_name, fault) => {
        const a = await account();
        const { credits } = await a.live.models.estimate("nano-banana-2", { input: { prompt: "x" } });
        await transport.control.injectFault({ ...SUBMIT, ...fault, account_id: a.accountId });
        const keys: string[] = [];
        a.live.raw.use({ onRequest: ({ request }) => void keys.push(request.headers.get("idempotency-key")!) });
        const submitted = await a.live.queue.submit("nano-banana-2", { input: { prompt: "x" } });
        expect(keys.length).toBeGreaterThan(1);
        expect(new Set(keys).size).toBe(1);
        const requests = await a.requests();
        expect(requests.map((r) => r.request_id)).toEqual([submitted.request_id]);
        expect(await a.balance()).toBe(1_000 - credits);
      });

      it("409 request_in_progress while the first is still held: retried until it answers the same request", async () => {
        const a = await account();
        await transport.control.injectFault({ ...SUBMIT, delay_ms: 300, account_id: a.accountId });
        const body = { input: { prompt: "x" } };
        const first = a.live.queue.submit("nano-banana-2", body, { idempotencyKey: "same-order" });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const statuses: number[] = [];
        const second = a.client(a.credentials.keys.live, { maxRetries: 10 });
        second.raw.use({ onResponse: ({ response }) => void statuses.push(response.status) });
        const [one, two] = await Promise.all([
          first,
          second.queue.submit("nano-banana-2", body, { idempotencyKey: "same-order" }),
        ]);
        expect(two.request_id).toBe(one.request_id);
        expect(statuses[0]).toBe(409);
        expect(statuses.at(-1)).toBe(200);
        expect(await a.requests()).toHaveLength(1);
      });
    });
  });
}
