import { afterEach, describe, expect, it, vi } from "vitest";
import { changedSince, sharedGlobals } from "../src/shared-globals.js";

// The guard of vitest.config.ts's setup file: what it reports a file left behind.

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("changedSince", () => {
  it("reports nothing when everything faked was put back", () => {
    const before = sharedGlobals();
    vi.spyOn(Math, "random").mockReturnValue(0);
    vi.useFakeTimers();
    vi.stubEnv("CLIPIA_GUARD_PROBE", "1");
    vi.useRealTimers();
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    expect(changedSince(before)).toEqual([]);
  });

  it("names a spied global, fake timers, a stubbed fetch and a changed or added variable", () => {
    const before = sharedGlobals();
    vi.spyOn(Math, "random").mockReturnValue(0);
    vi.useFakeTimers({ toFake: ["Date", "setTimeout"] });
    vi.stubGlobal("fetch", async () => new Response(null));
    vi.stubEnv("CLIPIA_GUARD_PROBE", "1");
    vi.stubEnv("PATH", "/nowhere");
    expect(changedSince(before)).toEqual([
      "fake timers (vi.useRealTimers)",
      "Math.random",
      "Date.now",
      "Date",
      "setTimeout",
      "fetch",
      "process.env.PATH",
      "process.env.CLIPIA_GUARD_PROBE",
    ]);
  });

  it("names a variable that was deleted", () => {
    vi.stubEnv("CLIPIA_GUARD_PROBE", "1");
    const before = sharedGlobals();
    delete process.env.CLIPIA_GUARD_PROBE;
    expect(changedSince(before)).toEqual(["process.env.CLIPIA_GUARD_PROBE"]);
  });
});
