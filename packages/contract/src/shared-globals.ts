import { vi } from "vitest";

/** The globals the suite's files fake (vi.spyOn, vi.useFakeTimers, vi.stubGlobal, MSW), as they are now. */
function fakeable() {
  return {
    "Math.random": Math.random,
    "Date.now": Date.now,
    Date: globalThis.Date,
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    fetch: globalThis.fetch,
    "JSON.parse": JSON.parse,
    "console.debug": console.debug,
    "process.stdout.write": process.stdout.write,
    "process.stderr.write": process.stderr.write,
  };
}

/** What a test file may fake and must put back: the globals above and the environment. */
interface SharedGlobals {
  globals: ReturnType<typeof fakeable>;
  environment: Record<string, string | undefined>;
}

export function sharedGlobals(): SharedGlobals {
  return { globals: fakeable(), environment: { ...process.env } };
}

/** What differs from `before` now, by name (fake timers, a global, `process.env.NAME`); empty when nothing. */
export function changedSince(before: SharedGlobals): string[] {
  const changed: string[] = [];
  if (vi.isFakeTimers()) changed.push("fake timers (vi.useRealTimers)");
  const now = fakeable();
  for (const name of Object.keys(now) as (keyof typeof now)[]) {
    if (now[name] !== before.globals[name]) changed.push(name);
  }
  const names = new Set([...Object.keys(before.environment), ...Object.keys(process.env)]);
  for (const name of names) {
    if (process.env[name] !== before.environment[name]) changed.push(`process.env.${name}`);
  }
  return changed;
}
