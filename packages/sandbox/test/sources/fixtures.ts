import { readFileSync } from "node:fs";

// The recorded Clipia sources of test/fixtures/clipia-sources/ (how they were recorded: the
// README.md there), typed for the replay and the verbatim checker.

/** One HTTP request a recorded block makes, as derived from the client's source. */
export interface RecordedRequest {
  method: "GET" | "POST";
  /** A path on the API host; `{name.field}` is filled from an earlier answer saved as `name`. */
  path?: string;
  /** An absolute URL taken from an earlier answer (OpenMontage polls `status_url`), e.g. `{job.status_url}`. */
  url?: string;
  /** `$CLIPIA_KEY` / `$CLIPIA_API_KEY` stand for the key; `<uuid-v4>` a fresh UUID, `<uuid-v4:name>` one per name. */
  headers?: Record<string, string>;
  body?: unknown;
  /** The name the answer is saved under, for later placeholders. */
  save?: string;
  /** Statuses the client takes as an answer (default: any 2xx). */
  accept?: number[];
  /** Repeated like the client's poll loop until the status is terminal. */
  poll?: {
    interval_ms: number;
    /** false: skipped when the request is already terminal (OpenMontage after a test key's COMPLETED submit). */
    at_least_once: boolean;
    /** true: the client sleeps before each poll; false: after each non-terminal one. */
    advance_clock_before: boolean;
  };
  /** The last answer of a subscribe-like flow: must be COMPLETED with an output of the model's kind. */
  final?: boolean;
  /** The fields of the answer the block reads, dotted (`a.0.b`; `x|y`: the first present); each must be there. */
  reads?: string[];
  /** A media download (no headers): 200 with a body. */
  download?: boolean;
}

/** A README (or SKILL.md) code block, verbatim, with the requests it makes. */
export interface RecordedBlock {
  path: string;
  heading: string;
  language: string;
  code: string;
  derived_from?: string;
  requests: RecordedRequest[];
  /** Why a block makes no API request (installation, webhook verification, MCP setup). */
  no_requests?: string;
}

/** A call of a function (OpenMontage's tools) with named inputs, or one of issue 19's extra values. */
export interface RecordedCase {
  name: string;
  path?: string;
  function?: string;
  inputs?: Record<string, unknown>;
  /** Lines of the function that build the payload, verbatim, checked against the mirror. */
  payload_lines?: string[];
  /** Quotes of a mirrored source that document the value. */
  quotes?: { mirror: string; commit: string; path: string; text: string }[];
  requests: RecordedRequest[];
}

export interface RecordedSource {
  source: {
    name: string;
    repository?: string;
    commit?: string;
    mirror?: string;
    /** The client READMEs follow their mirror's HEAD (every fenced block recorded, verbatim there too). */
    tracks_head?: boolean;
  };
  derived_from: string;
  blocks?: RecordedBlock[];
  cases?: RecordedCase[];
}

/** A request that must still be refused, and how. */
export interface MustFailCase {
  name: string;
  request: RecordedRequest & { path: string; body: unknown };
  expect: { status: number; code: string; mentions: string };
}

const DIR = new URL("../fixtures/clipia-sources/", import.meta.url);
const read = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, DIR), "utf8")) as T;

/** The sources whose examples must succeed, by fixture file. */
export const SOURCES: Record<string, RecordedSource> = {
  "clipia-js.json": read("clipia-js.json"),
  "clipia-python.json": read("clipia-python.json"),
  "openmontage.json": read("openmontage.json"),
  "issue-19-extras.json": read("issue-19-extras.json"),
};

export const MUST_FAIL: MustFailCase[] = read<{ cases: MustFailCase[] }>("must-fail.json").cases;
