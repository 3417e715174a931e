import { advance, balanceIs, createKey, fault, submit } from "../helpers.js";
import type { ConformanceCase, HttpStep } from "../types.js";

const prompt = { prompt: "a red kite" };
const idem = (key: string): Partial<HttpStep> => ({ headers: { "idempotency-key": key } });
const withIdem = (key: string, save?: string): Partial<HttpStep> => ({ ...idem(key), ...(save ? { save } : {}) });

/** SPEC §2 idempotency: replay, reuse, in progress, only 2xx kept, the key's length, per-API-key scope. */
export const idempotencyCases: ConformanceCase[] = [
  {
    name: "same Idempotency-Key, same body and model: the first answer again, no second charge",
    covers: ["idempotency replay no charge", "idempotency kept 24 h"],
    steps: [
      submit("a.live", "flux-2-pro", prompt, { status: 200 }, withIdem("8f3a1c7e-2b41-4d2a-9c0e-1200304cf45b", "r")),
      submit(
        "a.live",
        "flux-2-pro",
        prompt,
        { status: 200, body: { request_id: "{{r.request_id}}", status_url: "{{r.status_url}}", cost: "{{r.cost}}" } },
        idem("8f3a1c7e-2b41-4d2a-9c0e-1200304cf45b"),
      ),
      balanceIs("a.live", (v) => 1000 - v.r.cost),
      get200("/_sandbox/accounts/{{a.id}}/requests", (body, v) => {
        const mine = list(body).filter((r: { request_id: string }) => r.request_id === v.r.request_id);
        if (mine.length !== 1) throw new Error(`${mine.length} requests stored for one idempotent submit`);
      }),
      // Kept 24 hours: a day later the same key is a new request.
      advance("a", 24 * 3_600_000 + 1_000),
      submit(
        "a.live",
        "flux-2-pro",
        prompt,
        {
          status: 200,
          check: (body, v) => {
            if (body.request_id === v.r.request_id) throw new Error("the Idempotency-Key was still kept after 24 h");
          },
        },
        idem("8f3a1c7e-2b41-4d2a-9c0e-1200304cf45b"),
      ),
      // Test keys honour it too.
      submit("a.test", "flux-2-pro", prompt, { status: 200 }, withIdem("order-42", "t")),
      submit(
        "a.test",
        "flux-2-pro",
        prompt,
        { status: 200, body: { request_id: "{{t.request_id}}" } },
        idem("order-42"),
      ),
    ],
  },
  {
    name: "same Idempotency-Key, another body or another model: 409 idempotency_key_reuse",
    covers: ["idempotency_key_reuse"],
    steps: [
      submit("a.live", "flux-2-pro", prompt, { status: 200 }, withIdem("reuse-1", "r")),
      submit(
        "a.live",
        "flux-2-pro",
        { prompt: "another" },
        { status: 409, code: "idempotency_key_reuse" },
        idem("reuse-1"),
      ),
      submit("a.live", "nano-banana-2", prompt, { status: 409, code: "idempotency_key_reuse" }, idem("reuse-1")),
      {
        method: "POST",
        path: "/v1/models/flux-2-pro",
        auth: "a.live",
        body: { input: prompt, webhook_url: "https://hooks.example.com/x" },
        expect: { status: 409, code: "idempotency_key_reuse" },
        ...idem("reuse-1"),
      },
      balanceIs("a.live", (v) => 1000 - v.r.cost),
    ],
  },
  {
    name: "the same key while the first is held (delay_ms fault): 409 request_in_progress, then the replay",
    covers: ["request_in_progress", "delay_ms fault"],
    steps: [
      fault("a", { method: "POST", path: "/v1/models/nano-banana-2", delay_ms: 1_000 }),
      submit("a.live", "nano-banana-2", prompt, { status: 200 }, { ...withIdem("held", "first"), background: true }),
      // Let the first reach the sandbox (and its hold) before the second is sent, even on a busy machine.
      { label: "let the first arrive", run: () => new Promise((done) => setTimeout(done, 250)) },
      submit("a.live", "nano-banana-2", prompt, { status: 409, code: "request_in_progress" }, idem("held")),
      { label: "wait for the held request", run: () => new Promise((done) => setTimeout(done, 1_000)) },
      submit(
        "a.live",
        "nano-banana-2",
        prompt,
        {
          status: 200,
          check: (body, v) => {
            if (v.first && body.request_id !== v.first.request_id) throw new Error("the replay is another request");
          },
        },
        withIdem("held", "again"),
      ),
      balanceIs("a.live", (v) => 1000 - v.again.cost),
    ],
  },
  {
    name: "only 2xx answers are kept: a rejected submit can be retried with the same key once fixed",
    covers: ["idempotency only 2xx kept"],
    steps: [
      submit("a.live", "nano-banana-2", {}, { status: 422, code: "model_input_invalid" }, idem("fix-me")),
      submit("a.live", "nano-banana-2", prompt, { status: 200 }, withIdem("fix-me", "r")),
      submit(
        "a.live",
        "nano-banana-2",
        prompt,
        { status: 200, body: { request_id: "{{r.request_id}}" } },
        idem("fix-me"),
      ),
    ],
  },
  {
    name: "Idempotency-Key of 255 printable characters is fine; 256 or non-printable is 400",
    covers: ["idempotency key length 255/256"],
    steps: [
      submit("a.test", "nano-banana-2", prompt, { status: 200 }, idem(`${"k".repeat(254)}~`)),
      submit(
        "a.test",
        "nano-banana-2",
        prompt,
        { status: 400, code: "invalid_request", message: /idempotency/i },
        idem("k".repeat(256)),
      ),
      submit("a.test", "nano-banana-2", prompt, { status: 400, code: "invalid_request" }, idem("tab\tinside")),
    ],
  },
  {
    name: "Idempotency-Key is scoped to the API key: another key of the same account makes a new request",
    covers: ["idempotency scoped to key"],
    steps: [
      createKey("a", {}, "k"),
      submit("a.live", "nano-banana-2", prompt, { status: 200 }, withIdem("shared", "r1")),
      submit(
        "k.secret",
        "nano-banana-2",
        prompt,
        {
          status: 200,
          check: (body, v) => {
            if (body.request_id === v.r1.request_id) throw new Error("another API key got the first key's request");
          },
        },
        idem("shared"),
      ),
    ],
  },
];

function list(body: any): any[] {
  return Array.isArray(body) ? body : body.data;
}

function get200(path: string, check: (body: any, v: any) => void): HttpStep {
  return { method: "GET", path, expect: { status: 200, check } };
}
