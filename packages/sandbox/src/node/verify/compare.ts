// Field-by-field comparison of two JSON answers by shape: the same fields with the same JSON
// types, never the volatile values (ids, timestamps, balances). A few fields carry meaning in
// their value and are compared as values: statuses, error codes and types, `object`, `type`.

/** One way the live answer and the sandbox's differ. */
export interface Difference {
  /** Where: `status`, `header RateLimit-Limit`, or a JSON path such as `body.error.code`. */
  where: string;
  live: string;
  sandbox: string;
}

const VALUE_FIELDS = new Set(["status", "code", "type", "object"]);

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** An array's elements, merged into one: each field with the first non-null value seen. */
function mergeElements(items: unknown[]): unknown {
  if (items.length === 0) return undefined;
  if (!items.every((item) => kind(item) === "object")) return items.find((item) => item !== null) ?? null;
  const merged: Record<string, unknown> = {};
  for (const item of items as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(item))
      if (merged[key] === undefined || merged[key] === null) merged[key] = value;
  }
  return merged;
}

/** Catalog-like arrays (objects with a `slug` or `id`) are compared entry by entry on the entries both hold. */
function keyed(items: unknown[]): Map<string, unknown> | undefined {
  const map = new Map<string, unknown>();
  for (const item of items) {
    const record = item as Record<string, unknown> | null;
    const id = record && typeof record === "object" ? (record.slug ?? record.id) : undefined;
    if (typeof id !== "string") return undefined;
    map.set(id, item);
  }
  return map;
}

/**
 * The differences between `live` and `sandbox` under `where`. `null` against any type is not a
 * difference (nullable fields are checked against openapi.yaml instead); `values` lists the field
 * names whose values must agree (default: status, code, type, object).
 */
export function compareShapes(
  live: unknown,
  sandbox: unknown,
  where = "body",
  values: ReadonlySet<string> = VALUE_FIELDS,
): Difference[] {
  const a = kind(live);
  const b = kind(sandbox);
  if (a === "null" || b === "null") return [];
  if (a !== b) return [{ where, live: a, sandbox: b }];
  if (a === "array") {
    const left = live as unknown[];
    const right = sandbox as unknown[];
    const leftKeyed = keyed(left);
    const rightKeyed = keyed(right);
    if (leftKeyed && rightKeyed && leftKeyed.size > 0 && rightKeyed.size > 0) {
      const out: Difference[] = [];
      for (const [id, entry] of rightKeyed) {
        if (!leftKeyed.has(id)) out.push({ where: `${where}[${id}]`, live: "absent", sandbox: "present" });
        else out.push(...compareShapes(leftKeyed.get(id), entry, `${where}[${id}]`, values));
      }
      return out;
    }
    const l = mergeElements(left);
    const r = mergeElements(right);
    return l === undefined || r === undefined ? [] : compareShapes(l, r, `${where}[]`, values);
  }
  if (a === "object") {
    const left = live as Record<string, unknown>;
    const right = sandbox as Record<string, unknown>;
    const out: Difference[] = [];
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      const path = `${where}.${key}`;
      if (!(key in right)) out.push({ where: path, live: describe(left[key]), sandbox: "absent" });
      else if (!(key in left)) out.push({ where: path, live: "absent", sandbox: describe(right[key]) });
      else if (
        values.has(key) &&
        typeof left[key] === "string" &&
        typeof right[key] === "string" &&
        left[key] !== right[key]
      ) {
        out.push({ where: path, live: JSON.stringify(left[key]), sandbox: JSON.stringify(right[key]) });
      } else out.push(...compareShapes(left[key], right[key], path, values));
    }
    return out;
  }
  return [];
}

function describe(value: unknown): string {
  return kind(value);
}

/**
 * Several events as one, for comparing two streams whose number of events depends on the text:
 * each field with the first non-null value seen, arrays (a chunk's `choices`) of all events together.
 */
function mergeEvents(events: readonly unknown[]): unknown {
  if (!events.every((event) => kind(event) === "object")) return mergeElements([...events]);
  const merged: Record<string, unknown> = {};
  for (const event of events as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(event)) {
      const seen = merged[key];
      if (Array.isArray(seen) && Array.isArray(value)) merged[key] = [...seen, ...value];
      else if (seen === undefined || seen === null) merged[key] = value;
    }
  }
  return merged;
}

/**
 * The differences between two Server-Sent Events answers (`events[]`: the events' fields and
 * types, as {@link compareShapes} compares a body; `events.done`: whether each ends with
 * `data: [DONE]`). The number of events is not compared: it follows the reply's text.
 */
export function compareEventStreams(
  live: { events: readonly unknown[]; done: boolean },
  sandbox: { events: readonly unknown[]; done: boolean },
  values: ReadonlySet<string> = VALUE_FIELDS,
): Difference[] {
  const out: Difference[] = [];
  if (live.done !== sandbox.done) {
    const state = (done: boolean) => (done ? "ends with [DONE]" : "no [DONE]");
    out.push({ where: "events.done", live: state(live.done), sandbox: state(sandbox.done) });
  }
  if (live.events.length === 0 || sandbox.events.length === 0) {
    if (live.events.length !== sandbox.events.length)
      out.push({ where: "events", live: `${live.events.length}`, sandbox: `${sandbox.events.length}` });
    return out;
  }
  out.push(...compareShapes(mergeEvents(live.events), mergeEvents(sandbox.events), "events[]", values));
  return out;
}
