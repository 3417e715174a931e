import { advance, balanceIs, createKey, fault, get, outcome, patchAccount, post, submit } from "../helpers.js";
import type { CodeStep, ConformanceCase } from "../types.js";

const prompt = { prompt: "a tin robot" };
const listOf = (body: any): any[] => (Array.isArray(body) ? body : body.data);

/** A code step reading both accounts' clocks: `a`'s moved by about `ms` more than `b`'s. */
const clocksApart = (ms: number): CodeStep => ({
  label: `clock of a is ${ms} ms ahead of b`,
  run: async (ctx) => {
    const read = async (account: string) => {
      const reply = await ctx.call({ path: `/_sandbox/clock?account_id=${ctx.vars[account].id}` });
      if (reply.status !== 200) throw new Error(`GET /_sandbox/clock: ${reply.status}`);
      return Date.parse(reply.body.now);
    };
    const gap = (await read("a")) - (await read("b"));
    if (Math.abs(gap - ms) > 2_000) throw new Error(`clock a - clock b = ${gap} ms, expected about ${ms}`);
  },
});

/** SPEC §5.4: the control plane, everything scoped to an account. */
export const controlPlaneCases: ConformanceCase[] = [
  {
    name: "accounts: created with their balance and default keys, listed",
    covers: ["POST /_sandbox/accounts", "GET /_sandbox/accounts"],
    accounts: { a: { balance_credits: 77 } },
    steps: [
      balanceIs("a.live", 77),
      get("/v1/account", "a.test", { status: 200, body: { account_id: "{{a.id}}" } }),
      get("/_sandbox/accounts", undefined, {
        status: 200,
        check: (body, v) => {
          if (!listOf(body).some((account) => account.account_id === v.a.id))
            throw new Error("the new account is not listed");
        },
      }),
      post("/_sandbox/accounts", undefined, { balance_credits: -1 }, { status: 400, code: "invalid_request" }),
      post("/_sandbox/accounts", undefined, { colour: "red" }, { status: 400, code: "invalid_request" }),
    ],
  },
  {
    name: "account settings: PATCH answers the account as listed; unknown names, bad values, no setting 400; unknown account 404",
    covers: ["PATCH /_sandbox/accounts/{account_id}"],
    steps: [
      patchAccount(
        "a",
        { strict_inputs: true, balance_credits: 12 },
        {
          status: 200,
          body: { account_id: "{{a.id}}", subscription: "active", strict_inputs: true, balance: { credits: 12 } },
        },
      ),
      balanceIs("a.live", 12),
      patchAccount(
        "a",
        { subscriptoin: "none" },
        {
          status: 400,
          code: "invalid_request",
          message: /^Unknown option "subscriptoin"; did you mean "subscription"\?$/,
        },
      ),
      patchAccount(
        "a",
        { strictInputs: true },
        {
          status: 400,
          code: "invalid_request",
          message: /did you mean "strict_inputs"\?$/,
        },
      ),
      patchAccount("a", { subscription: "paused" }, { status: 400, code: "invalid_request", message: /subscription/ }),
      patchAccount("a", { subscription: true }, { status: 400, code: "invalid_request", message: /subscription/ }),
      patchAccount("a", { strict_inputs: "yes" }, { status: 400, code: "invalid_request", message: /strict_inputs/ }),
      patchAccount("a", { balance_credits: -1 }, { status: 400, code: "invalid_request", message: /balance_credits/ }),
      patchAccount("a", { balance_credits: "5" }, { status: 400, code: "invalid_request", message: /balance_credits/ }),
      patchAccount("a", {}, { status: 400, code: "invalid_request", message: /at least one/ }),
      // A refused PATCH changes nothing, not even the valid half of it.
      patchAccount("a", { subscription: "none", strict_inputs: "yes" }, { status: 400, code: "invalid_request" }),
      get("/_sandbox/accounts", undefined, {
        status: 200,
        check: (body, v) => {
          const account = listOf(body).find((entry) => entry.account_id === v.a.id);
          if (account?.subscription !== "active" || account?.strict_inputs !== true)
            throw new Error(`settings ${JSON.stringify(account)}`);
        },
      }),
      {
        method: "PATCH",
        path: "/_sandbox/accounts/acc_nope",
        body: { subscription: "none" },
        expect: { status: 404, code: "not_found" },
      },
      post("/_sandbox/accounts", undefined, { subscription: "paused" }, { status: 400, code: "invalid_request" }),
    ],
  },
  {
    name: "the clock: advance one account's clock only; never backwards",
    covers: ["clock advance per account", "POST /_sandbox/clock/advance", "GET /_sandbox/clock"],
    accounts: { a: {}, b: {} },
    steps: [
      {
        label: "a new account's clock starts at the real time",
        run: async (ctx) => {
          const reply = await ctx.call({ path: `/_sandbox/clock?account_id=${ctx.vars.a.id}` });
          const gap = Math.abs(Date.parse(reply.body.now) - Date.now());
          if (gap > 5_000) throw new Error(`the clock reads ${reply.body.now}, ${gap} ms from the real time`);
        },
      },
      clocksApart(0),
      advance("a", 3_600_000),
      clocksApart(3_600_000),
      post(
        "/_sandbox/clock/advance",
        undefined,
        { ms: -1, account_id: "{{a.id}}" },
        { status: 400, code: "invalid_request" },
      ),
      post("/_sandbox/clock/advance", undefined, { ms: 1000, account_id: "acct_nope" }, { status: 404 }),
    ],
  },
  {
    name: "faults are scoped to their account and counted",
    covers: ["faults scoped", "POST /_sandbox/faults"],
    accounts: { a: {}, b: {} },
    steps: [
      fault("a", { path: "/v1/account", status: 503, count: 2 }),
      get("/v1/account", "b.live", { status: 200 }),
      get("/v1/account", "a.live", { status: 503, code: "service_unavailable" }),
      get("/v1/account", "a.test", { status: 503, code: "service_unavailable" }),
      get("/v1/account", "a.live", { status: 200 }),
      post("/_sandbox/faults", undefined, { status: 200 }, { status: 400, code: "invalid_request" }),
    ],
  },
  {
    name: "outcomes are scoped to their account and model",
    covers: ["outcomes scoped"],
    accounts: { a: {}, b: {} },
    steps: [
      outcome("a", { outcome: "FAILED", model: "flux-2-pro", count: 5 }),
      submit("b.test", "flux-2-pro", prompt, { status: 200, body: { status: "COMPLETED" } }),
      submit("a.test", "nano-banana-2", prompt, { status: 200, body: { status: "COMPLETED" } }),
      submit("a.test", "flux-2-pro", prompt, { status: 200, body: { status: "FAILED" } }),
      post("/_sandbox/outcomes", undefined, { outcome: "EXPLODED" }, { status: 400, code: "invalid_request" }),
    ],
  },
  {
    name: "the requests and usage of an account",
    covers: ["GET /_sandbox/accounts/{account_id}/requests", "GET /_sandbox/accounts/{account_id}/usage"],
    steps: [
      submit("a.live", "nano-banana-2", prompt, { status: 200 }, { save: "r" }),
      submit("a.test", "nano-banana-2", prompt, { status: 200 }, { save: "t" }),
      get("/_sandbox/accounts/{{a.id}}/requests", undefined, {
        status: 200,
        check: (body, v) => {
          const ids = listOf(body).map((r) => r.request_id);
          for (const want of [v.r.request_id, v.t.request_id])
            if (!ids.includes(want)) throw new Error(`request ${want} not listed`);
        },
      }),
      get("/_sandbox/accounts/{{a.id}}/usage", undefined, {
        status: 200,
        check: (body, v) => {
          const text = JSON.stringify(body);
          if (!text.includes(String(1000 - v.r.cost)))
            throw new Error(`usage shows no balance of ${1000 - v.r.cost}: ${text.slice(0, 300)}`);
        },
      }),
      get("/_sandbox/accounts/acct_nope/requests", undefined, { status: 404 }),
    ],
  },
  {
    name: "reset of one account restores it and leaves the others as they are",
    covers: ["reset one account", "POST /_sandbox/reset"],
    accounts: { a: { balance_credits: 500 }, b: { balance_credits: 400 } },
    steps: [
      createKey("a", {}, "ka"),
      createKey("b", {}, "kb"),
      submit("a.live", "flux-2-pro", prompt, { status: 200 }, { save: "ra" }),
      submit("b.live", "flux-2-pro", prompt, { status: 200 }, { save: "rb" }),
      advance("a", 600_000),
      fault("b", { path: "/v1/key", status: 500 }),
      post("/_sandbox/reset", undefined, { account_id: "{{a.id}}" }, { status: 200 }),
      balanceIs("a.live", 500),
      get("/v1/account", "ka.secret", { status: 401, code: "invalid_api_key" }),
      get("/v1/requests/{{ra.request_id}}", "a.live", { status: 404, code: "not_found" }),
      balanceIs("b.live", (v) => 400 - v.rb.cost),
      get("/v1/account", "kb.secret", { status: 200 }),
      get("/v1/requests/{{rb.request_id}}/status", "b.live", { status: 200 }),
      get("/v1/key", "b.live", { status: 500, code: "internal_error" }),
    ],
  },
  {
    name: "control-plane writes from another Origin are refused (403 origin_not_allowed); its own origin and no Origin pass",
    covers: ["Origin refusal"],
    steps: [
      post(
        "/_sandbox/accounts",
        undefined,
        {},
        { status: 403, body: { error: { code: "origin_not_allowed" } } },
        { headers: { origin: "https://evil.example" } },
      ),
      post(
        "/_sandbox/clock/advance",
        undefined,
        { ms: 1, account_id: "{{a.id}}" },
        { status: 403 },
        { headers: { origin: "http://localhost:3000" } },
      ),
      post("/_sandbox/reset", undefined, { account_id: "{{a.id}}" }, { status: 403 }, { headers: { origin: "null" } }),
      {
        method: "DELETE",
        path: "/_sandbox/keys/key_whatever",
        headers: { origin: "https://evil.example" },
        expect: { status: 403 },
      },
      post("/_sandbox/accounts", undefined, {}, { status: 201 }, { headers: (v) => ({ origin: v.base }) }),
      get("/_sandbox/accounts", undefined, { status: 200 }),
    ],
  },
];
