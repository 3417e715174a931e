import type { Expectation, HttpStep, Vars } from "./types.js";

/** Small builders so the table reads like the API; they only return plain step objects. */

export const get = (
  path: HttpStep["path"],
  auth: string | undefined,
  expect: Expectation,
  extra: Partial<HttpStep> = {},
): HttpStep => ({
  method: "GET",
  path,
  ...(auth === undefined ? {} : { auth }),
  expect,
  ...extra,
});

export const post = (
  path: HttpStep["path"],
  auth: string | undefined,
  body: HttpStep["body"],
  expect: Expectation,
  extra: Partial<HttpStep> = {},
): HttpStep => ({
  method: "POST",
  path,
  ...(auth === undefined ? {} : { auth }),
  ...(body === undefined ? {} : { body }),
  expect,
  ...extra,
});

/** POST /v1/models/{model} with `{input}` (plus `webhook_url` in `extra.body` if needed). */
export const submit = (
  auth: string,
  model: string,
  input: Record<string, unknown>,
  expect: Expectation,
  extra: Partial<HttpStep> = {},
) => post(`/v1/models/${model}`, auth, { input }, expect, extra);

/** POST /v1/models/{model}/estimate with `{input}`. */
export const estimate = (
  auth: string,
  model: string,
  input: Record<string, unknown>,
  expect: Expectation,
  extra: Partial<HttpStep> = {},
) => post(`/v1/models/${model}/estimate`, auth, { input }, expect, extra);

/** GET /v1/requests/{id}/status of a saved submit (`save` name). */
export const status = (auth: string, saved: string, expect: Expectation, extra: Partial<HttpStep> = {}) =>
  get(`/v1/requests/{{${saved}.request_id}}/status`, auth, expect, extra);

/** GET /v1/requests/{id} (the result) of a saved submit. */
export const result = (auth: string, saved: string, expect: Expectation, extra: Partial<HttpStep> = {}) =>
  get(`/v1/requests/{{${saved}.request_id}}`, auth, expect, extra);

export const balanceIs = (auth: string, credits: number | ((v: Vars) => number)): HttpStep =>
  get("/v1/account", auth, {
    status: 200,
    check: (body, vars) => {
      const want = typeof credits === "function" ? credits(vars) : credits;
      if (body.balance.credits !== want) throw new Error(`balance ${body.balance.credits}, expected ${want}`);
    },
  });

/** Creates a key in a case account through the control plane; saved as `save` (with `secret`). */
export const createKey = (
  account: string,
  body: Record<string, unknown>,
  save: string,
  expect: Expectation = { status: 201 },
): HttpStep =>
  post(`/_sandbox/accounts/{{${account}.id}}/keys`, undefined, { name: save, environment: "live", ...body }, expect, {
    save,
  });

export const patchKey = (
  saved: string,
  body: Record<string, unknown>,
  expect: Expectation = { status: 200 },
): HttpStep => ({
  method: "PATCH",
  path: `/_sandbox/keys/{{${saved}.id}}`,
  body,
  expect,
});

export const revokeKey = (saved: string, expect: Expectation = { status: 200 }): HttpStep => ({
  method: "DELETE",
  path: `/_sandbox/keys/{{${saved}.id}}`,
  expect,
});

/** PATCH /_sandbox/accounts/{id}: changes a case account's settings (SPEC v3 §5.4). */
export const patchAccount = (
  account: string,
  body: Record<string, unknown>,
  expect: Expectation = { status: 200 },
): HttpStep => ({
  method: "PATCH",
  path: `/_sandbox/accounts/{{${account}.id}}`,
  body,
  expect,
});

/** The account as GET /_sandbox/accounts lists it must have these settings. */
export const accountSettingsAre = (
  account: string,
  settings: { subscription?: string; strict_inputs?: boolean; balance?: number },
): HttpStep =>
  get("/_sandbox/accounts", undefined, {
    status: 200,
    check: (body, vars) => {
      const listed = body.data.find((entry: { account_id: string }) => entry.account_id === vars[account].id);
      const actual = {
        subscription: listed?.subscription,
        strict_inputs: listed?.strict_inputs,
        balance: listed?.balance.credits,
      };
      for (const [name, want] of Object.entries(settings)) {
        if (actual[name as keyof typeof actual] !== want)
          throw new Error(
            `account ${account}: ${name} ${JSON.stringify(actual[name as keyof typeof actual])}, expected ${JSON.stringify(want)}`,
          );
      }
    },
  });

/** Moves one account's clock forward (the other accounts' clocks stay). */
export const advance = (account: string, ms: number): HttpStep =>
  post(
    "/_sandbox/clock/advance",
    undefined,
    { ms, account_id: `{{${account}.id}}` },
    { status: 200, body: { now: isTime } },
  );

/** A fault for one account's keys. */
export const fault = (account: string, input: Record<string, unknown>): HttpStep =>
  post("/_sandbox/faults", undefined, { ...input, account_id: `{{${account}.id}}` }, { status: 201 });

/** A forced outcome for one account's next submissions. */
export const outcome = (account: string, input: Record<string, unknown>): HttpStep =>
  post("/_sandbox/outcomes", undefined, { ...input, account_id: `{{${account}.id}}` }, { status: 201 });

/** `Authorization`-less headers carrying a key some other way. */
export const withHeaders = (headers: (v: Vars) => Record<string, string>): Partial<HttpStep> => ({ headers });

export const isString = (value: unknown) => typeof value === "string" && value.length > 0;
export const isNull = (value: unknown) => value === null;
export const isTime = (value: unknown) =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value);
export const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
export const isPositive = (value: unknown) => Number.isInteger(value) && (value as number) > 0;

/** A well-formed key (32 base62 characters) that no sandbox issued. */
export const UNKNOWN_LIVE_KEY = `clipia_live_${"Z".repeat(32)}`;
