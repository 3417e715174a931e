import type { Reply } from "../support/call.js";
import type { Receiver } from "../support/receiver.js";

/** Values a case step may compute from what earlier steps saved (`vars.a.live`, `vars.r.request_id`, …). */
// `any`: the saved values are JSON of any shape.
export type Vars = Record<string, any>;

/** A literal, or a function of the saved values. Strings may hold `{{a.live}}` templates. */
export type Value<T> = T | ((vars: Vars) => T);

/** What a step's response must look like. */
export interface Expectation {
  status: number;
  /** `error.code` of the envelope (non-2xx); `error.type` is then checked against SPEC §3 too. */
  code?: string;
  /** `error.message` must match. */
  message?: RegExp;
  /** Header name -> exact value, pattern, or `null` for "absent". */
  headers?: Record<string, string | RegExp | null>;
  /** Subset of the JSON body; strings may be templates, RegExp and predicates match leaves. */
  body?: unknown;
  /** A check that needs code (throw to fail). */
  check?: (body: any, vars: Vars, response: Reply) => void;
}

/** One HTTP exchange of a case. */
export interface HttpStep {
  method: string;
  /** Path and query, templated: `/v1/requests/{{r.request_id}}`. */
  path: Value<string>;
  /** Dotted name of a saved key sent as `Authorization: Bearer …` (`a.live`, `k.secret`). */
  auth?: string;
  headers?: Value<Record<string, string>>;
  /** JSON body (templated; function leaves are called with the saved values). */
  body?: Value<unknown>;
  /** Raw body sent as is, with `contentType`. */
  rawBody?: Value<string>;
  contentType?: string;
  /** Save the parsed JSON body under this name. */
  save?: string;
  /** Start without waiting; its expectation is checked when the case ends. */
  background?: boolean;
  /** Send the same step this many times in a row, each checked (default 1). */
  times?: number;
  expect: Expectation;
}

/** What a code step can use: the saved values, and calls checked like HTTP steps. */
export interface CaseContext {
  vars: Vars;
  /** The base URL of this transport (`https://api.clipia.ai`, `http://127.0.0.1:…`). */
  baseUrl: string;
  receiver: Receiver;
  /** One request, validated against the contract like every step's. */
  call(options: {
    method?: string;
    path: string;
    auth?: string;
    key?: string;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<Reply>;
  /** A plain fetch on this transport, not validated (media downloads). */
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

/** A step that needs a loop or a computation (polling the lifecycle, reading a receiver). */
export interface CodeStep {
  label: string;
  run: (context: CaseContext) => Promise<void>;
}

export type Step = HttpStep | CodeStep;

/** One behaviour of the contract, exercised end to end on both transports. */
export interface ConformanceCase {
  name: string;
  /** The SPEC rows this case proves (for the coverage check in coverage.test.ts). */
  covers: string[];
  /** Isolated accounts to create first, by name (default `{ a: {} }`). */
  accounts?: Record<string, { balance_credits?: number; subscription?: "active" | "none"; strict_inputs?: boolean }>;
  steps: Step[];
}
