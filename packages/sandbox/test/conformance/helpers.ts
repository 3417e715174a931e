import type { Expectation, Step, Vars } from "./types.js";

/** Small builders so the table reads like the API; they only return plain step objects. */

export const get = (path: string, auth: string | undefined, expect: Expectation, extra: Partial<Step> = {}): Step => ({
  method: "GET",
  path,
  ...(auth === undefined ? {} : { auth }),
  expect,
  ...extra,
});

export const post = (
  path: string,
  auth: string | undefined,
  body: Step["body"],
  expect: Expectation,
  extra: Partial<Step> = {},
): Step => ({ method: "POST", path, ...(auth === undefined ? {} : { auth }), body, expect, ...extra });

export const patch = (path: string, auth: string, body: Step["body"], expect: Expectation, extra: Partial<Step> = {}): Step => ({
  method: "PATCH",
  path,
  auth,
  body,
  expect,
  ...extra,
});

export const del = (path: string, auth: string, expect: Expectation, extra: Partial<Step> = {}): Step => ({
  method: "DELETE",
  path,
  auth,
  expect,
  ...extra,
});

/** POST /v1/models/{model} with `{input}`. */
export const generate = (auth: string, model: string, input: Record<string, unknown>, expect: Expectation, extra: Partial<Step> = {}) =>
  post(`/v1/models/${model}`, auth, { input }, expect, extra);

/** POST /v1/keys with the admin key of account `account`. */
export const createKey = (account: string, body: Step["body"], save: string, expect: Expectation = { status: 201 }) =>
  post("/v1/keys", `${account}.admin`, body, expect, { save });

export const advanceClock = (ms: number, save?: string): Step =>
  post("/_sandbox/clock/advance", undefined, { ms }, { status: 200, body: { object: "sandbox.clock" } }, save ? { save } : {});

export const injectFault = (fault: Record<string, unknown>): Step =>
  post("/_sandbox/faults", undefined, fault, { status: 201, body: { object: "sandbox.fault" } });

/** Reads the sandbox clock (saved as `clock.now`), for times relative to it. */
export const readClock = (): Step => advanceClock(1, "clock");

/** An RFC 3339 time `seconds` after the saved sandbox clock reading. */
export const secondsAfterClock = (seconds: number) => (vars: Vars) =>
  new Date(Date.parse(vars.clock.now) + seconds * 1000).toISOString();

export const balanceIs = (auth: string, balance: number): Step =>
  get("/v1/account", auth, { status: 200, body: { balance_credits: balance } });

export const isString = (value: unknown) => typeof value === "string" && value.length > 0;
export const isNull = (value: unknown) => value === null;
export const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, width: number): string {
  let out = "";
  for (let rest = value; rest > 0; rest = Math.floor(rest / 62)) out = BASE62[rest % 62] + out;
  return out.padStart(width, "0");
}

/** A key with a valid checksum that no sandbox issued: well-formed but unknown. */
export function wellFormedKey(prefix: string, body30 = "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"): string {
  const head = prefix + body30;
  return head + base62(crc32(head), 6);
}

/** The same key with its last character changed: the checksum no longer matches. */
export const corruptChecksum = (key: string) => key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
