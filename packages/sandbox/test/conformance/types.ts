/** Values a case step may compute from what earlier steps saved (`vars.a.live`, `vars.g.id`, …). */
// biome-ignore lint: the saved values are JSON of any shape
export type Vars = Record<string, any>;

/** A literal, or a function of the saved values. Strings may hold `{{a.live}}` templates. */
export type Value<T> = T | ((vars: Vars) => T);

/** What a step's response must look like. */
export interface Expectation {
  status: number;
  /** `error.code` of the envelope (non-2xx). */
  code?: string;
  /** `error.param` of the envelope. */
  param?: string;
  /** `error.message` must match. */
  message?: RegExp;
  /** Header name -> exact value, pattern, or `null` for "absent". */
  headers?: Record<string, string | RegExp | null>;
  /** Subset of the JSON body; strings may be templates, RegExp and predicates match leaves. */
  body?: unknown;
  /** A check that needs code (throw to fail). */
  check?: (body: any, vars: Vars, response: Response) => void;
}

/** One HTTP exchange of a case. */
export interface Step {
  method: string;
  /** Path and query, templated: `/v1/generations/{{g.id}}`. */
  path: Value<string>;
  /** Dotted name of a saved key sent as `Authorization: Bearer …` (`a.live`, `k.secret`). */
  auth?: string;
  headers?: Value<Record<string, string>>;
  /** JSON body (templated). */
  body?: Value<unknown>;
  /** Raw body sent as is, with `contentType`. */
  rawBody?: Value<string>;
  contentType?: string;
  /** Save the parsed JSON body under this name. */
  save?: string;
  /** Wait this long (real time) before sending. */
  sleepMs?: number;
  /** Start without waiting; its expectation is checked when the case ends. */
  background?: boolean;
  /** The connection must fail instead of answering (a `network_error` fault). */
  networkError?: true;
  expect?: Expectation;
}

/** One behaviour of the contract, exercised end to end over HTTP. */
export interface ConformanceCase {
  name: string;
  /** The SPEC rows this case proves (for the coverage check). */
  covers: string[];
  /** Isolated accounts to create first, by name (default `{ a: {} }`). */
  accounts?: Record<string, { balance_credits?: number }>;
  steps: Step[];
}
